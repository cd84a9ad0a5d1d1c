// Heartbeats as each version wants them (docs/protocol.md §1.4) with a 300 ms pingInterval, and the faults
// that make a real server drop us: no pongs (v4), no pings (v3), pongs later than pingTimeout, and a
// transport cut from our side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EioVersion, PacketRecord, Transport } from '../../../shared/record';
import { Observed, startHeartbeatServer, type HeartbeatServer } from '../../support/engine-support';

const PING_INTERVAL = 300;
const PING_TIMEOUT = 200;

interface Case {
  readonly server: 'socket.io 4' | 'socket.io 2';
  readonly eio: EioVersion;
  readonly transport: Transport;
}

const CASES: readonly Case[] = [
  { server: 'socket.io 4', eio: 4, transport: 'websocket' },
  { server: 'socket.io 4', eio: 4, transport: 'polling' },
  { server: 'socket.io 2', eio: 3, transport: 'websocket' },
  { server: 'socket.io 2', eio: 3, transport: 'polling' },
  { server: 'socket.io 4', eio: 3, transport: 'websocket' },
];

const servers = new Map<string, HeartbeatServer>();
const open: Observed[] = [];

beforeAll(async () => {
  for (const kind of ['socket.io 4', 'socket.io 2'] as const)
    servers.set(kind, await startHeartbeatServer(kind, PING_INTERVAL, PING_TIMEOUT));
});
afterAll(async () => {
  await Promise.all(open.map((o) => o.close()));
  await Promise.all([...servers.values()].map((s) => s.close()));
});

function connect(c: Case, heartbeat = true): { o: Observed; server: HeartbeatServer } {
  const server = servers.get(c.server) as HeartbeatServer;
  const o = new Observed({ url: server.url, eio: c.eio, transports: [c.transport], heartbeat });
  open.push(o);
  return { o: o.start(), server };
}

const isPing = (r: PacketRecord): boolean => r.eio?.type === 'ping' && r.eio.data === undefined;
const isPong = (r: PacketRecord): boolean => r.eio?.type === 'pong' && r.eio.data === undefined;

describe.each(CASES)('heartbeat, $server as EIO $eio over $transport', (c) => {
  it('pings come from the side the version says, every pingInterval, each answered', async () => {
    const { o } = connect(c);
    // v4: the server pings and we answer; v3: we ping and the server answers.
    const pinger = c.eio === 4 ? 'in' : 'out';
    const pings = await o.atLeast(3, (r) => isPing(r) && r.dir === pinger, 'pings', 3_000);
    await o.atLeast(3, (r) => isPong(r) && r.dir !== pinger, 'pongs', 3_000);
    expect(o.packets((r) => isPing(r) && r.dir !== pinger)).toEqual([]);
    const gaps = pings.slice(1).map((p, i) => p.t - (pings[i] as PacketRecord).t);
    // Engine.IO schedules the next ping from the last pong (v3) or on an interval (v4); either way
    // about pingInterval apart, plus the round trip and a loaded machine's slack.
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(PING_INTERVAL - 30);
      expect(gap).toBeLessThan(PING_INTERVAL + PING_TIMEOUT);
    }
    expect(o.connection.state).toBe('open');
    await o.close();
  });

  it(`stopping the heartbeat makes the server drop us (${c.eio === 4 ? 'no pongs' : 'no pings'})`, async () => {
    const { o, server } = connect(c, false);
    const seen = server.disconnects.length;
    const closed = await o.event('closed', () => true, 3_000);
    // The server ends the session deliberately: over websocket with a close frame, over polling with a
    // close packet on the pending GET (§1.6). Either way a clean end as far as the wire goes.
    expect(closed.failure).toBeUndefined();
    expect(closed.reason).toBe(
      c.transport === 'websocket'
        ? 'the server closed the websocket (code 1005 no status)'
        : 'the server closed the session',
    );
    expect(server.disconnects.slice(seen)).toContain('ping timeout');
    // Whatever went on the wire, it was never a heartbeat from our side.
    expect(o.packets((r) => r.dir === 'out' && (c.eio === 4 ? isPong(r) : isPing(r)))).toEqual([]);
  });
});

describe('fault injection', () => {
  const v4ws: Case = { server: 'socket.io 4', eio: 4, transport: 'websocket' };

  it('pongs delayed beyond pingTimeout get us dropped', async () => {
    const { o, server } = connect(v4ws);
    const seen = server.disconnects.length;
    await o.event('open');
    o.connection.fault({ kind: 'delay-pong', ms: PING_TIMEOUT + 200 });
    const closed = await o.event('closed', () => true, 3_000);
    expect(closed.reason).toMatch(/^the server closed the websocket/);
    expect(server.disconnects.slice(seen)).toContain('ping timeout');
  });

  it('pongs delayed within pingTimeout keep the session and show the delay', async () => {
    const { o } = connect(v4ws);
    await o.event('open');
    o.connection.fault({ kind: 'delay-pong', ms: 80 });
    await o.atLeast(2, (r) => isPong(r) && r.dir === 'out', 'delayed pongs', 3_000);
    const records = o.packets((r) => isPing(r) || isPong(r));
    const firstPong = records.findIndex((r) => isPong(r));
    const ping = records[firstPong - 1] as PacketRecord;
    expect((records[firstPong] as PacketRecord).t - ping.t).toBeGreaterThanOrEqual(75);
    expect(o.connection.state).toBe('open');
    await o.close();
  });

  it('heartbeat stopped then resumed keeps the session (v3 pings resume)', async () => {
    const { o } = connect({ server: 'socket.io 2', eio: 3, transport: 'websocket' });
    await o.event('open');
    o.connection.fault({ kind: 'stop-heartbeat', on: true });
    o.connection.fault({ kind: 'stop-heartbeat', on: false });
    await o.atLeast(2, (r) => isPong(r) && r.dir === 'in', 'pongs', 3_000);
    expect(o.connection.state).toBe('open');
    await o.close();
  });

  it.each(['websocket', 'polling'] as const)(
    'dropping the %s transport ends the session at once',
    async (transport) => {
      const { o, server } = connect({ ...v4ws, transport });
      const seen = server.disconnects.length;
      await o.event('namespace', (e) => e.status === 'connected');
      o.connection.fault({ kind: 'drop-transport' });
      const closed = await o.event('closed');
      expect(closed).toMatchObject({ reason: 'transport dropped by the client (fault injection)' });
      expect(closed.failure).toBeUndefined();
      if (transport === 'websocket')
        expect(o.records).toContainEqual(expect.objectContaining({ event: 'ws-close', code: 1006 }));
      // Nothing on the wire said goodbye: no close packet, no DISCONNECT.
      expect(
        o.packets((r) => r.dir === 'out' && (r.eio?.type === 'close' || r.sio?.type === 'DISCONNECT')),
      ).toEqual([]);
      // The server finds out by itself (transport close, or ping timeout for polling).
      await expect.poll(() => server.disconnects.length, { timeout: 3_000 }).toBeGreaterThan(seen);
    },
  );
});
