import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BridgeEvent, ConnectOptions, SessionInfo } from '../../../shared/bridge/api';
import type { PacketRecord, SessionRecord, Transport } from '../../../shared/record';
import { createHandlerTable, type HandlerTable } from '../../../electron/app/handler-table';
import { connectLive } from '../../../electron/app/live-session';
import { startWebHost, type WebHost } from '../../../electron/host/web-host';
import type { WebBridge } from '../../../shared/bridge/ws-client';
import { readSessionFile } from '../../support/ndjson';
import { startSocketIo2Server, startSocketIo4Server, type TestServer } from '../../support/servers';
import {
  startEngineIo6Server,
  startRecoveryServer,
  type DeploymentServer,
  type RecoveryServer,
} from '../../support/deployment-servers';
import { connectBridge, eventually } from '../../support/host-client';
import { tempDir } from '../../support/temp-dir';

let table: HandlerTable;
let host: WebHost;
let v4: TestServer;
let v2: TestServer;
let recovery: RecoveryServer;
let plain: DeploymentServer;
let recordDir: string;

beforeAll(async () => {
  [v4, v2, recovery, plain] = await Promise.all([
    startSocketIo4Server(),
    startSocketIo2Server(),
    startRecoveryServer(),
    startEngineIo6Server(),
  ]);
  recordDir = tempDir('sio-live-recorded');
  table = createHandlerTable({ connect: connectLive, recordDir });
  host = await startWebHost({ table, rendererDir: '/nonexistent' });
});

afterAll(async () => {
  await host.close();
  await table.dispose();
  await Promise.all([v4.close(), v2.close(), recovery.close(), plain.close()]);
});

/** Every record pushed for `session`, in index order, checking that batches tile the list. */
function pushed(events: readonly BridgeEvent[], session: string): SessionRecord[] {
  const out: SessionRecord[] = [];
  for (const e of events) {
    if (e.type !== 'records' || e.session !== session) continue;
    expect(e.from).toBe(out.length);
    expect(e.from + e.records.length).toBe(e.total);
    out.push(...e.records);
  }
  return out;
}

function packet(match: (r: PacketRecord) => boolean): (e: BridgeEvent) => boolean {
  return (e) => e.type === 'records' && e.records.some((r) => !('event' in r) && match(r));
}

async function open(bridge: WebBridge, events: BridgeEvent[], options: ConnectOptions): Promise<SessionInfo> {
  const info = await bridge.connections.open(options);
  expect(info).toMatchObject({ kind: 'live', state: 'connecting', title: options.url });
  await eventually(
    bridge,
    events,
    (e) => e.type === 'session' && e.info.session === info.session && e.info.state === 'open',
  );
  return info;
}

describe('live connections over the web bridge', () => {
  it('streams batched records of a socket.io 4 connection: welcome, emit with ack, close', async () => {
    const { bridge, events } = connectBridge(host.url);
    try {
      const info = await open(bridge, events, { url: v4.url, transports: ['websocket'], upgrade: false });
      await eventually(
        bridge,
        events,
        packet((r) => r.sio?.event === 'welcome'),
      );
      await bridge.connections.emit({
        session: info.session,
        nsp: '/',
        event: 'echo',
        args: ['hi', { n: 1 }],
        ack: true,
      });
      await eventually(
        bridge,
        events,
        packet((r) => r.dir === 'in' && r.sio?.type === 'ACK'),
      );
      await bridge.connections.close({ session: info.session });
      const closed = await eventually(
        bridge,
        events,
        (e) => e.type === 'session' && e.info.session === info.session && e.info.state === 'closed',
      );
      const records = pushed(events, info.session);
      // Batches, not one message per frame: fewer events than records.
      const batches = events.filter((e) => e.type === 'records' && e.session === info.session).length;
      expect(batches).toBeLessThan(records.length);
      expect(closed.type === 'session' && closed.info.total).toBe(records.length);
      const ack = records.find((r): r is PacketRecord => !('event' in r) && r.sio?.type === 'ACK');
      expect(ack?.sio).toMatchObject({ nsp: '/', id: 0, args: ['hi', { n: 1 }] });
      // What was pushed is what the store holds.
      expect(await bridge.sessions.page({ session: info.session, from: 0, count: records.length })).toEqual(
        records,
      );
      const [analysis] = await bridge.sessions.analyse({ session: info.session });
      expect(analysis?.summary.acks).toMatchObject({ sent: 1, answered: 1 });
      // Recorded as it happened: the session file holds the same records, after its header.
      expect(info.recording?.startsWith(recordDir)).toBe(true);
      await bridge.sessions.close({ session: info.session });
      const file = readSessionFile(info.recording ?? '');
      expect(file.header).toMatchObject({ format: 'sio-inspector-session', target: v4.url });
      expect(file.problems).toEqual([]);
      expect(file.records).toEqual(records);
    } finally {
      bridge.close();
    }
  });

  it.each<[string, () => TestServer, Transport]>([
    ['socket.io 4 over websocket', () => v4, 'websocket'],
    ['socket.io 4 over polling', () => v4, 'polling'],
    ['socket.io 2 over polling', () => v2, 'polling'],
    ['socket.io 2 over websocket', () => v2, 'websocket'],
  ])('answers a server ack by hand (ackReply manual): %s', async (_, server, transport) => {
    const { bridge, events } = connectBridge(host.url);
    try {
      const info = await open(bridge, events, {
        url: server().url,
        transports: [transport],
        upgrade: false,
        ackReply: 'manual',
      });
      await eventually(
        bridge,
        events,
        packet((r) => r.sio?.event === 'welcome'),
      );
      await bridge.connections.emit({
        session: info.session,
        nsp: '/',
        event: 'ask-me',
        args: [],
        ack: false,
      });
      const asked = await eventually(
        bridge,
        events,
        packet((r) => r.sio?.event === 'ask'),
      );
      const ask =
        asked.type === 'records'
          ? asked.records.find((r) => !('event' in r) && r.sio?.event === 'ask')
          : undefined;
      const id = ask !== undefined && !('event' in ask) ? ask.sio?.id : undefined;
      expect(id).toBeTypeOf('number');
      const answer = { answer: 42, by: transport };
      await bridge.connections.ack({ session: info.session, nsp: '/', id: id ?? -1, args: [answer] });
      const answered = await eventually(
        bridge,
        events,
        packet((r) => r.sio?.event === 'answered'),
      );
      const record =
        answered.type === 'records'
          ? answered.records.find((r) => !('event' in r) && r.sio?.event === 'answered')
          : undefined;
      expect(record && !('event' in record) && record.sio?.args).toEqual([answer]);
      expect(server().answers).toContainEqual(answer);
      await bridge.sessions.close({ session: info.session });
    } finally {
      bridge.close();
    }
  });

  it('reconnect: a dropped transport is followed by a new connection that recovers the session', async () => {
    const { bridge, events } = connectBridge(host.url);
    try {
      const info = await open(bridge, events, {
        url: recovery.url,
        transports: ['websocket'],
        upgrade: false,
        reconnect: true,
      });
      await eventually(
        bridge,
        events,
        packet((r) => r.sio?.event === 'welcome'),
      );
      await bridge.connections.fault({ session: info.session, fault: { kind: 'drop-transport' } });
      await eventually(
        bridge,
        events,
        packet((r) => r.conn === 'c2' && r.sio?.event === 'recovered'),
      );
      const states = events
        .filter((e) => e.type === 'session' && e.info.session === info.session)
        .map((e) => (e.type === 'session' ? e.info.state : ''))
        .filter((state, i, all) => state !== all[i - 1]);
      // Connecting while it waits, open again after; never closed in between.
      expect(states.slice(states.indexOf('open'))).toEqual(['open', 'connecting', 'open']);
      const [c1, c2] = await bridge.sessions.analyse({ session: info.session });
      expect(c2?.summary.reconnectOf).toBe('c1');
      expect(c2?.summary.namespaces[0]).toMatchObject({
        pid: c1?.summary.namespaces[0]?.pid,
        recovered: true,
      });
      expect(recovery.connections.at(-1)?.recovered).toBe(true);
      await bridge.connections.close({ session: info.session });
      await eventually(
        bridge,
        events,
        (e) => e.type === 'session' && e.info.session === info.session && e.info.state === 'closed',
      );
      await bridge.sessions.close({ session: info.session });
      expect(readSessionFile(info.recording ?? '').header.options).toMatchObject({ reconnect: true });
    } finally {
      bridge.close();
    }
  });

  it('reports an unreachable server as a closed session with the reason', async () => {
    const { bridge, events } = connectBridge(host.url);
    try {
      const info = await bridge.connections.open({
        url: 'http://127.0.0.1:9',
        transports: ['polling'],
        upgrade: false,
      });
      const closed = await eventually(
        bridge,
        events,
        (e) => e.type === 'session' && e.info.session === info.session && e.info.state === 'closed',
      );
      expect(closed.type === 'session' && closed.info.reason).toMatch(/127\.0\.0\.1:9/);
      const emit = bridge.connections.emit({
        session: info.session,
        nsp: '/',
        event: 'x',
        args: [],
        ack: false,
      });
      await expect(emit).rejects.toMatchObject({ kind: 'network', message: 'the connection is closed' });
    } finally {
      bridge.close();
    }
  });

  it('sends plain Engine.IO messages on a parser none session, text and binary, over polling', async () => {
    const { bridge, events } = connectBridge(host.url);
    try {
      const info = await open(bridge, events, {
        url: plain.url,
        path: '/engine.io/',
        transports: ['polling'],
        upgrade: false,
        parser: 'none',
      });
      await bridge.connections.send({ session: info.session, text: 'plain text' });
      await bridge.connections.send({ session: info.session, binary: 'AQID/w==' });
      await vi.waitFor(() => expect(plain.received).toEqual(['plain text', new Uint8Array([1, 2, 3, 255])]));
      // The engine recorded both going out, as Engine.IO messages with no Socket.IO layer.
      await vi.waitFor(() => {
        const sent = pushed(events, info.session).filter(
          (r): r is PacketRecord => !('event' in r) && r.dir === 'out' && r.eio?.type === 'message',
        );
        expect(sent.map((r) => [r.eio?.data, r.sio])).toEqual([
          ['plain text', undefined],
          [{ $binary: 'AQID/w==' }, undefined],
        ]);
      });
      await bridge.connections.close({ session: info.session });
      await eventually(
        bridge,
        events,
        (e) => e.type === 'session' && e.info.session === info.session && e.info.state === 'closed',
      );
      await expect(bridge.connections.send({ session: info.session, text: 'late' })).rejects.toMatchObject({
        kind: 'network',
        message: 'the connection is not open: nothing to send on',
      });
    } finally {
      bridge.close();
    }
  });

  it('refuses a plain Engine.IO message on a Socket.IO session, in one line', async () => {
    const { bridge, events } = connectBridge(host.url);
    try {
      const info = await open(bridge, events, { url: v4.url, transports: ['websocket'], upgrade: false });
      const send = bridge.connections.send({ session: info.session, text: 'hello' });
      await expect(send).rejects.toMatchObject({
        kind: 'usage',
        message: expect.stringMatching(/parser none.*emit/),
      });
      await bridge.connections.close({ session: info.session });
    } finally {
      bridge.close();
    }
  });

  it('refuses options the engine cannot use, in one line', async () => {
    const { bridge } = connectBridge(host.url);
    try {
      const bad = bridge.connections.open({ url: 'http://[::1', transports: ['websocket'], upgrade: false });
      await expect(bad).rejects.toMatchObject({ kind: 'usage' });
    } finally {
      bridge.close();
    }
  });
});
