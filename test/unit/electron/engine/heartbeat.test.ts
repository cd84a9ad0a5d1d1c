// The heartbeat on real timers: a server that stops pinging is given up with the server or the network
// blamed; when this process itself was busy past the deadline, what the server sent meanwhile is read
// before the verdict, and a connection still given up says the inspector may be the cause.
import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BEHIND_MS, Heartbeat } from '../../../../electron/engine/heartbeat';
import type { Failure } from '../../../../electron/engine/failure';

const TIMING = { pingInterval: 40, pingTimeout: 40 };

const running: Heartbeat[] = [];
afterEach(() => {
  for (const heartbeat of running.splice(0)) heartbeat.stop();
});

/** A v4 heartbeat that pongs nothing anywhere, and resolves with its failure if it gives up. */
function start(): { heartbeat: Heartbeat; dead: Promise<Failure> } {
  let onDead: (failure: Failure) => void = () => undefined;
  const dead = new Promise<Failure>((resolve) => (onDead = resolve));
  const heartbeat = new Heartbeat(4, TIMING, true, { send: () => undefined, dead: onDead });
  running.push(heartbeat);
  heartbeat.start();
  return { heartbeat, dead };
}

/** Keeps this process busy, as a backlog of frames or a long task would. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('Heartbeat', () => {
  it('blames the server or the network when no ping came while this process kept up', async () => {
    const { dead } = start();
    expect(await dead).toMatchObject({
      kind: 'network',
      message: 'no ping from the server for 80 ms (pingInterval 40 + pingTimeout 40)',
      hint: 'the server or the network stopped answering',
      why: { cause: 'lost' },
    });
  });

  it('says the inspector may be the cause when it was busy past the deadline', async () => {
    const { dead } = start();
    busyFor(80 + 3 * BEHIND_MS);
    const failure = await dead;
    expect(failure.message).toMatch(
      /^no ping from the server for 80 ms \(pingInterval 40 \+ pingTimeout 40\) was read: sio-inspector itself was \d+ ms behind$/,
    );
    const behind = Number(/(\d+) ms behind/.exec(failure.message)?.[1]);
    expect(behind).toBeGreaterThanOrEqual(2 * BEHIND_MS);
    expect(failure.hint).toMatch(
      /the inspector, not the server or the network, may have ended this connection/,
    );
  });

  it('reads the ping that waited behind a stall before giving up, and goes on', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const accepted = once(server, 'connection') as Promise<[Socket]>;
    const client = createConnection((server.address() as AddressInfo).port, '127.0.0.1');
    await once(client, 'connect');
    const [serverSide] = await accepted;
    try {
      const { heartbeat, dead } = start();
      let failure: Failure | undefined;
      void dead.then((f) => (failure = f));
      client.on('data', () => heartbeat.received('ping', undefined));
      // The server's ping reaches this process in time; this process reads it only after the deadline.
      serverSide.write('2');
      busyFor(80 + 3 * BEHIND_MS);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(failure).toBeUndefined();
      // The ping moved the deadline: without another, the heartbeat gives up a full period later.
      expect((await dead).hint).toBe('the server or the network stopped answering');
    } finally {
      client.destroy();
      serverSide.destroy();
      server.close();
    }
  });
});
