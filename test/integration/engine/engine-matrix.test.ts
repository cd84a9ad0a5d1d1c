// The engine against every real server over every transport mode: two namespaces at once (one behind
// auth), emits with and without ack, JSON and binary both ways, a server-requested ack answered with a
// configured reply, a refused namespace, and a clean close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EioVersion, Transport } from '../../../shared/record';
import type { ConnectOptions } from '../../../electron/engine/options';
import { ANSWER, BINARY, ECHO_ARGS, QUESTION, type TransportMode } from '../../support/clients';
import {
  ADMIN_TOKEN,
  pythonUnavailableReason,
  startPythonServer,
  startSocketIo2Server,
  startSocketIo4Server,
  type TestServer,
} from '../../support/servers';
import { base64, isEvent, Observed, requireOrSkip } from '../../support/engine-support';

interface Target {
  readonly name: string;
  /** What the engine is told; undefined = auto-detection. */
  readonly eio: EioVersion | undefined;
  /** What it must end up speaking. */
  readonly speaks: EioVersion;
  readonly start: () => Promise<TestServer>;
  readonly available: () => string | undefined;
}

const TARGETS: readonly Target[] = [
  {
    name: 'socket.io 4',
    eio: undefined,
    speaks: 4,
    start: () => startSocketIo4Server(),
    available: () => undefined,
  },
  {
    name: 'socket.io 4 (allowEIO3)',
    eio: 3,
    speaks: 3,
    start: () => startSocketIo4Server(),
    available: () => undefined,
  },
  { name: 'socket.io 2', eio: undefined, speaks: 3, start: startSocketIo2Server, available: () => undefined },
  {
    name: 'python-socketio',
    eio: undefined,
    speaks: 4,
    start: startPythonServer,
    available: pythonUnavailableReason,
  },
];

const MODES: readonly TransportMode[] = ['polling', 'websocket', 'upgrade'];
const BINARY_JSON = { $binary: base64(BINARY) };

describe.each(TARGETS)('engine against $name', (target) => {
  const runs = requireOrSkip(target.available());
  let server: TestServer | undefined;
  const open: Observed[] = [];

  beforeAll(async () => {
    if (runs) server = await target.start();
  });
  afterAll(async () => {
    await Promise.all(open.map((o) => o.close()));
    await server?.close();
  });

  const connect = (mode: TransportMode, extra: Partial<ConnectOptions> = {}): Observed => {
    const observed = new Observed({
      url: (server as TestServer).url,
      ...(target.eio !== undefined && { eio: target.eio }),
      transports:
        mode === 'polling' ? ['polling'] : mode === 'websocket' ? ['websocket'] : ['polling', 'websocket'],
      ackReply: [ANSWER],
      ...extra,
    });
    open.push(observed);
    return observed.start();
  };

  it.runIf(runs).each(MODES)('%s: namespaces, acks, binary both ways, server acks, close', async (mode) => {
    const o = connect(mode, { namespaces: ['/', '/admin'], auth: { token: ADMIN_TOKEN } });
    const opened = await o.event('open');
    expect(opened.eio).toBe(target.speaks);
    if (target.eio === undefined && target.speaks === 3) {
      expect((await o.event('version')).eio).toBe(3);
    }
    await o.event('namespace', (e) => e.nsp === '/' && e.status === 'connected');
    await o.event('namespace', (e) => e.nsp === '/admin' && e.status === 'connected');
    if (mode === 'upgrade') expect(await o.event('upgrade')).toMatchObject({ ok: true });

    // Both namespaces live at once: each gets its own welcome.
    const welcomes = await o.atLeast(2, (r) => isEvent(r, 'in', 'welcome'), 'welcome');
    expect(welcomes.map((r) => r.sio?.nsp).sort()).toEqual(['/', '/admin']);

    // Ack with JSON and binary arguments.
    const id = o.connection.emit('/', 'echo', [...ECHO_ARGS, BINARY_JSON], { ack: true });
    const ack = await o.event('ack', (e) => e.nsp === '/' && e.id === id);
    expect(ack.args).toEqual([...ECHO_ARGS, BINARY_JSON]);
    expect(ack.latencyMs).toBeGreaterThanOrEqual(0);
    const sentEvent = await o.packet((r) => isEvent(r, 'out', 'echo'), 'our echo');
    expect(sentEvent.sio).toMatchObject({ type: 'BINARY_EVENT', nsp: '/', id, attachments: 1 });

    // Binary without ack, answered by a server event carrying the same bytes.
    o.connection.emit('/', 'echo-binary', [BINARY_JSON]);
    const back = await o.packet((r) => isEvent(r, 'in', 'binary'), 'binary event');
    expect(back.sio).toMatchObject({ type: 'BINARY_EVENT', args: [BINARY_JSON] });

    // The server asks for an ack; the configured reply goes back and the server reports it.
    o.connection.emit('/', 'ask-me', []);
    const ask = await o.packet((r) => isEvent(r, 'in', 'ask'), 'ask');
    expect(ask.sio?.args).toEqual([QUESTION]);
    const answered = await o.packet((r) => isEvent(r, 'in', 'answered'), 'answered');
    expect(answered.sio?.args).toEqual([ANSWER]);
    expect(
      o.packets((r) => r.dir === 'out' && r.sio?.type === 'ACK' && r.sio.id === ask.sio?.id),
    ).toHaveLength(1);

    const expected: Transport = mode === 'polling' ? 'polling' : 'websocket';
    expect(o.connection.transport).toBe(expected);
    const used = new Set(o.packets().map((r) => r.transport));
    if (mode === 'polling') expect([...used]).toEqual(['polling']);
    if (mode === 'websocket') expect([...used]).toEqual(['websocket']);
    if (mode === 'upgrade')
      expect(o.packets((r) => r.eio?.type === 'upgrade' && r.dir === 'out')).toHaveLength(1);

    const end = await o.connection.close();
    expect(end).toEqual({ reason: 'closed by the client' });
    expect(
      o
        .packets((r) => r.dir === 'out' && r.sio?.type === 'DISCONNECT')
        .map((r) => r.sio?.nsp)
        .sort(),
    ).toEqual(['/', '/admin']);
    expect(o.packets((r) => r.dir === 'out' && r.eio?.type === 'close')).toHaveLength(1);
    expect(o.records.at(-1)).toMatchObject({ event: 'closed', reason: 'closed by the client' });
    expect(o.packets((r) => r.error !== undefined)).toEqual([]);
  });

  it.runIf(runs)('refuses a namespace with the wrong auth and keeps the others', async () => {
    const o = connect('websocket', {
      namespaces: ['/', '/admin'],
      auth: { token: 'wrong' },
    });
    const refused = await o.event('namespace', (e) => e.nsp === '/admin' && e.status === 'refused');
    const message =
      typeof refused.error === 'string' ? refused.error : (refused.error as { message?: unknown }).message;
    expect(message).toBe('unauthorized');
    await o.event('namespace', (e) => e.nsp === '/' && e.status === 'connected');
    const id = o.connection.emit('/', 'echo', ['still here'], { ack: true });
    expect((await o.event('ack', (e) => e.id === id)).args).toEqual(['still here']);
    await o.close();
  });
});
