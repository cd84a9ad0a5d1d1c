// capture against a malicious Engine.IO server: the process ends as it should, memory stays under its
// bound, and the records before and after the hostile packet are kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacketRecord, SessionRecord } from '../../shared/record';
import { buildCli } from '../support/cli';
import { ndjson } from '../support/ndjson';
import { RSS_BOUND_MIB, spawnMeasured } from './support/hostile-cli';
import { startHostileServer, type HostileMode, type HostileServer } from './support/hostile-server';

let cli: string;
let server: HostileServer;

beforeAll(async () => {
  [cli, server] = await Promise.all([buildCli(), startHostileServer()]);
});
afterAll(() => server.close());

/**
 * Cases that end the connection themselves get a long --duration: on a busy machine reading 64 MiB can
 * take longer than a short capture lasts.
 */
async function capture(
  mode: HostileMode,
  transport: 'polling' | 'websocket',
  seconds = 2,
): Promise<{ code: number | null; stderr: string; records: SessionRecord[]; peak: number }> {
  const args = ['capture', server.url, '--transports', transport, '--query', `mode=${mode}`];
  const run = spawnMeasured(cli, [
    ...args,
    '--duration',
    String(seconds),
    '--format',
    'ndjson',
    '--no-heartbeat',
  ]);
  const { code, stdout, stderr } = await run.exited;
  return { code, stderr, records: ndjson(stdout), peak: run.peakMiB() };
}

const events = (records: readonly SessionRecord[]): unknown[] =>
  records.flatMap((r) => {
    const p = r as PacketRecord;
    if (p.error !== undefined) return [p.error.code];
    return p.sio?.type === 'EVENT' ? [p.sio.event] : [];
  });

describe('capture against a hostile server', { timeout: 60_000 }, () => {
  it.each(['polling', 'websocket'] as const)(
    'a message nested 5,000 levels deep is one JSON_TOO_DEEP record (%s)',
    async (transport) => {
      const { code, records, peak } = await capture('deep', transport);
      expect(code).toBe(0);
      expect(events(records)).toEqual(['before', 'JSON_TOO_DEEP', 'after']);
      expect(peak).toBeLessThan(RSS_BOUND_MIB);
    },
  );

  it('a BINARY_EVENT announcing 10⁹ attachments holds nothing back', async () => {
    const { code, records, peak } = await capture('attachments', 'polling');
    expect(code).toBe(0);
    expect(events(records)).toEqual([
      'before',
      'SIO_TOO_MANY_ATTACHMENTS',
      'SIO_ATTACHMENT_UNEXPECTED',
      'SIO_ATTACHMENT_UNEXPECTED',
      'after',
    ]);
    expect(peak).toBeLessThan(RSS_BOUND_MIB);
  });

  it('a polling body that never ends is cut at the limit, with a one-line reason', async () => {
    const { code, stderr, records, peak } = await capture('endless-body', 'polling', 50);
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/over the 64 MiB limit; sio-inspector closed the connection/);
    expect(events(records)).toEqual(['before', 'BODY_TOO_LARGE']);
    expect(records.at(-1)).toMatchObject({ event: 'closed' });
    // The body is held up to MAX_POLLING_BODY_BYTES (64 MiB) and no further.
    expect(peak).toBeLessThan(RSS_BOUND_MIB + 64);
  });

  it('a refused upgrade whose body never ends is read no further than its start', async () => {
    const { code, stderr, records, peak } = await capture('endless-refusal', 'websocket', 50);
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(records.at(-1)).toMatchObject({ event: 'closed' });
    expect(peak).toBeLessThan(RSS_BOUND_MIB);
  });

  it('a WebSocket frame over the limit closes the connection, saying the inspector did', async () => {
    const { code, stderr, records, peak } = await capture('huge-frame', 'websocket', 50);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/WebSocket frame over the 64 MiB limit; sio-inspector closed the connection/);
    expect(events(records)).toEqual(['before', 'FRAME_TOO_LARGE']);
    expect(peak).toBeLessThan(RSS_BOUND_MIB + 64);
  });
});
