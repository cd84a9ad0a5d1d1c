// CORS as the real servers answer it: socket.io 4 sends no Access-Control-Allow-Origin unless its `cors`
// option allows the origin, socket.io 2 echoes any Origin. A capture sending an Origin, and a browser's
// request through the proxy, record both sides; the finding names the origin whose pages would be
// blocked, and is silent when the origin is allowed or none was sent.
import { createServer, get, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import createV2Server from 'socket.io-v2';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeConnection } from '../../shared/analysis/summary';
import { checkCors } from '../../shared/analysis/cors';
import { isLifecycle } from '../../shared/record';
import { Observed } from '../support/engine-support';
import { startRecording } from '../support/recording';
import { listenLocally } from '../support/servers';

const APP = 'http://app.example';
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c()));
});

type Kind = 'socket.io 4' | 'socket.io 4 with cors' | 'socket.io 2';

async function serve(kind: Kind): Promise<string> {
  const http: HttpServer = createServer();
  if (kind === 'socket.io 2') createV2Server(http);
  else new Server(http, kind === 'socket.io 4' ? {} : { cors: { origin: APP } });
  const server = await listenLocally(http);
  cleanups.push(() => server.close());
  return server.url;
}

async function corsFindings(url: string, headers: Record<string, string>) {
  const o = new Observed({ url, transports: ['polling'], headers });
  cleanups.push(() => o.close());
  o.start();
  await o.event('namespace', (e) => e.status === 'connected');
  await o.close();
  const requests = o.records.filter((r) => isLifecycle(r) && r.event === 'http-request');
  const findings = analyzeConnection(o.records).summary.findings;
  return { requests, cors: findings.filter((f) => f.code === 'CORS_ORIGIN_BLOCKED') };
}

describe('capture with an Origin header', () => {
  it('socket.io 4 without cors: a browser page at that origin would be blocked', async () => {
    const { requests, cors } = await corsFindings(await serve('socket.io 4'), { Origin: APP });
    expect(requests[0]).toMatchObject({ origin: APP });
    expect(requests[0]).not.toHaveProperty('allowOrigin');
    expect(cors).toEqual([
      expect.objectContaining({
        severity: 'info',
        frame: 0,
        message: `a browser page at ${APP} would be blocked: its answer to a polling GET had no Access-Control-Allow-Origin`,
      }),
    ]);
  });

  it.each(['socket.io 4 with cors', 'socket.io 2'] as const)('%s allowing it: silent', async (kind) => {
    const { requests, cors } = await corsFindings(await serve(kind), { Origin: APP });
    expect(requests[0]).toMatchObject({ origin: APP, allowOrigin: APP });
    expect(cors).toEqual([]);
  });

  it('no Origin sent: nothing recorded, nothing said', async () => {
    const { requests, cors } = await corsFindings(await serve('socket.io 4'), {});
    expect(requests[0]).not.toHaveProperty('origin');
    expect(cors).toEqual([]);
  });
});

describe('a browser request through the proxy', () => {
  it.each([
    ['socket.io 4', 1],
    ['socket.io 4 with cors', 0],
  ] as const)('%s: %i finding(s) for the page origin', async (kind, count) => {
    const recording = await startRecording(await serve(kind));
    cleanups.push(() => recording.close());
    await new Promise<void>((resolve, reject) =>
      get(`${recording.url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: APP } }, (res) =>
        res.resume().on('end', resolve),
      ).on('error', reject),
    );
    await recording.until('the request record', () => recording.lifecycle.length > 0);
    expect(recording.lifecycle[0]).toMatchObject({ event: 'http-request', origin: APP });
    expect(checkCors(recording.lifecycle, 0)).toHaveLength(count);
  });
});
