// The handshake's headers, recorded against a real socket.io 4 server: the polling handshake's GET and
// the WebSocket upgrade carry both ways' headers (the user's Authorization among them, masked where the
// records are written), and the polls after the handshake carry none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleRecord } from '../../../shared/record';
import { isLifecycle } from '../../../shared/record';
import { MASKED, redactRecord } from '../../../shared/session/secrets';
import { startSocketIo4Server, type TestServer } from '../../support/servers';
import { Observed } from '../../support/engine-support';

let server: TestServer;
const open: Observed[] = [];

beforeAll(async () => {
  server = await startSocketIo4Server();
});

afterAll(async () => {
  await Promise.all(open.map((o) => o.close()));
  await server?.close();
});

const HEADERS = { Authorization: 'Bearer abc', 'X-Trace': 't-1' };

function lifecycle(o: Observed, event: string): LifecycleRecord[] {
  return o.records.filter((r): r is LifecycleRecord => isLifecycle(r) && r.event === event);
}

function header(lines: readonly string[] | undefined, name: string): string | undefined {
  const prefix = `${name.toLowerCase()}: `;
  return lines?.find((line) => line.toLowerCase().startsWith(prefix))?.slice(prefix.length);
}

describe('handshake headers', () => {
  it('records the polling handshake and the upgrade with both ways’ headers, and later polls without', async () => {
    const o = new Observed({ url: server.url, headers: HEADERS, transports: ['polling', 'websocket'] });
    open.push(o.start());
    await o.event('open');
    await o.until(() => lifecycle(o, 'ws-open')[0], 'ws-open');
    const [handshake, ...polls] = lifecycle(o, 'http-request');
    expect(handshake?.url).not.toMatch(/sid=/);
    expect(header(handshake?.requestHeaders, 'Authorization')).toBe('Bearer abc');
    expect(header(handshake?.requestHeaders, 'X-Trace')).toBe('t-1');
    expect(header(handshake?.requestHeaders, 'Host')).toBe(new URL(server.url).host);
    expect(header(handshake?.responseHeaders, 'Content-Type')).toMatch(/^text\/plain/);
    expect(polls.length).toBeGreaterThan(0);
    for (const poll of polls) expect(poll.requestHeaders ?? poll.responseHeaders).toBeUndefined();

    const ws = lifecycle(o, 'ws-open')[0];
    expect(header(ws?.requestHeaders, 'Authorization')).toBe('Bearer abc');
    expect(header(ws?.requestHeaders, 'Sec-WebSocket-Key')).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(header(ws?.responseHeaders, 'Upgrade')).toBe('websocket');
    expect(header(ws?.responseHeaders, 'Sec-WebSocket-Accept')).toMatch(/^[A-Za-z0-9+/]{27}=$/);

    const masked = redactRecord(ws!) as LifecycleRecord;
    expect(header(masked.requestHeaders, 'Authorization')).toBe(MASKED);
    expect(header(masked.requestHeaders, 'X-Trace')).toBe('t-1');
    expect(masked.responseHeaders).toEqual(ws?.responseHeaders);
  });

  it('records a websocket-only handshake', async () => {
    const o = new Observed({ url: server.url, headers: HEADERS, transports: ['websocket'] });
    open.push(o.start());
    await o.event('open');
    const [ws] = lifecycle(o, 'ws-open');
    expect(header(ws?.requestHeaders, 'X-Trace')).toBe('t-1');
    expect(header(ws?.responseHeaders, 'Connection')).toMatch(/upgrade/i);
    expect(lifecycle(o, 'http-request')).toEqual([]);
  });
});
