// Hostile files through `decode`: the process ends normally, memory stays under RSS_BOUND_MIB, and the
// records before and after the bad input are all there.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PacketRecord, SessionRecord } from '../../shared/record';
import { buildCli } from '../support/cli';
import { ndjson } from '../support/ndjson';
import { RSS_BOUND_MIB, spawnMeasured } from './support/hostile-cli';

let cli: string;
let dir: string;

beforeAll(async () => {
  cli = await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'sio-hostile-decode-'));
});

const OPEN = '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const frame = (text: string): string => JSON.stringify({ dir: 'in', transport: 'websocket', text });

async function decode(name: string, content: string): Promise<{ records: SessionRecord[]; peak: number }> {
  const path = join(dir, name);
  writeFileSync(path, content);
  const run = spawnMeasured(cli, ['decode', path, '--format', 'ndjson']);
  const { code, stdout, stderr } = await run.exited;
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return { records: ndjson(stdout), peak: run.peakMiB() };
}

const events = (records: readonly SessionRecord[]): unknown[] =>
  records.map((r) => (r as PacketRecord).sio?.event ?? r.error?.code ?? (r as PacketRecord).eio?.type);

describe('decode of hostile files', () => {
  it('a message nested 5,000 levels deep becomes one JSON_TOO_DEEP record between the others', async () => {
    const deep = `42["x",${'['.repeat(5000)}${']'.repeat(5000)}]`;
    const lines = [frame(OPEN), frame('40'), frame('42["before"]'), frame(deep), frame('42["after"]')];
    const { records, peak } = await decode('deep.ndjson', `${lines.join('\n')}\n`);
    expect(events(records)).toEqual(['open', 'message', 'before', 'JSON_TOO_DEEP', 'after']);
    expect(peak).toBeLessThan(RSS_BOUND_MIB);
  });

  it('a frame line nested a million levels deep becomes one input-error record', async () => {
    const deep = `{"dir":"in","transport":"websocket","text":"x","n":${'['.repeat(1e6)}${']'.repeat(1e6)}}`;
    const lines = [frame(OPEN), frame('42["before"]'), deep, frame('42["after"]')];
    const { records, peak } = await decode('deep-line.ndjson', `${lines.join('\n')}\n`);
    expect(events(records)).toEqual(['open', 'before', 'FRAME_LINE_INVALID', 'after']);
    expect(records[2]?.error?.message).toMatch(/line 3: .*nested deeper than 256 levels/);
    expect(peak).toBeLessThan(RSS_BOUND_MIB);
  });
});
