// Hostile files through `decode`: the process ends normally, memory stays under RSS_BOUND_MIB, and the
// records before and after the bad input are all there.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANALYSED_CONNECTIONS, MAX_HAR_ENGINE_IO_CHARS } from '../../shared/limits';
import type { PacketRecord, SessionRecord } from '../../shared/record';
import { buildCli } from '../support/cli';
import { ndjson } from '../support/ndjson';
import { RSS_BOUND_MIB, spawnMeasured } from './support/hostile-cli';
import { tempDir } from '../support/temp-dir';

let cli: string;
let dir: string;

beforeAll(async () => {
  cli = await buildCli();
  dir = tempDir('sio-hostile-decode');
});

const OPEN = '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const frame = (text: string): string => JSON.stringify({ dir: 'in', transport: 'websocket', text });

async function decode(
  name: string,
  content: string | Iterable<string>,
): Promise<{ records: SessionRecord[]; peak: number }> {
  const { stdout, peak } = await decodeText(name, content);
  return { records: ndjson(stdout), peak };
}

/** `decode --format ndjson [more]` of a file written from `content`: its output as text, and its peak RSS. */
async function decodeText(
  name: string,
  content: string | Iterable<string>,
  more: readonly string[] = [],
): Promise<{ stdout: string; peak: number }> {
  const path = join(dir, name);
  if (typeof content === 'string') writeFileSync(path, content);
  else {
    // Piece by piece: the test holds no more of a big file than the inspector may.
    const fd = openSync(path, 'w');
    for (const piece of content) writeSync(fd, piece);
    closeSync(fd);
  }
  const run = spawnMeasured(cli, ['decode', path, '--format', 'ndjson', ...more]);
  const { code, stdout, stderr } = await run.exited;
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return { stdout, peak: run.peakMiB() };
}

const events = (records: readonly SessionRecord[]): unknown[] =>
  records.map(
    (r) =>
      (r as PacketRecord).sio?.event ??
      r.error?.code ??
      (r as PacketRecord).eio?.type ??
      (r as { event?: string }).event,
  );

describe('decode of hostile files', { timeout: 60_000 }, () => {
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

  it('garbage-only input streams its input-error records as it reads, not at the end', async () => {
    const run = spawnMeasured(cli, ['decode', '-', '--format', 'ndjson']);
    const garbage = `${'\u0000garbage{'.repeat(20)}\n`.repeat(5000);
    run.child.stdin.write(garbage);
    // The input is still open: the records must already be out.
    const seen = await new Promise<string>((resolve) => {
      let out = '';
      const onData = (d: Buffer): void => {
        out += d.toString();
        if (out.split('\n').length > 1000) {
          run.child.stdout.off('data', onData);
          resolve(out);
        }
      };
      run.child.stdout.on('data', onData);
    });
    expect(ndjson(seen.slice(0, seen.indexOf('\n')))[0]).toMatchObject({
      event: 'input-error',
      line: 1,
      error: { code: 'FRAME_LINE_INVALID' },
    });
    run.child.stdin.end(`${frame(OPEN)}\n${frame('42["after"]')}\n`);
    const { code, stdout } = await run.exited;
    expect(code).toBe(0);
    const records = ndjson(stdout); // spawnCli collects all of it, `seen` included
    expect(records).toHaveLength(5002);
    expect(events(records.slice(-2))).toEqual(['open', 'after']);
    expect(run.peakMiB()).toBeLessThan(RSS_BOUND_MIB);
  });

  it('a HAR with 130,000 WebSocket messages decodes whole, in constant stack', async () => {
    const { records, peak } = await decode('messages.har', harWithMessages(130_000));
    expect(records).toHaveLength(130_004);
    expect(events(records.slice(0, 4))).toEqual(['http-request', 'ws-open', 'open', 'message']);
    expect((records.at(-1) as PacketRecord).sio?.args).toEqual([129_999]);
    // Its one entry is all Engine.IO, held until it is put in time order: the bound is its size's.
    expect(peak).toBeLessThan(HAR_RSS_BOUND_MIB);
  });

  it('a 200 MB HAR of page resources streams: memory follows its Engine.IO entries, not its size', async () => {
    const big = 40 * 1024 * 1024; // one Engine.IO entry past MAX_HAR_ENGINE_IO_CHARS
    expect(big).toBeGreaterThan(MAX_HAR_ENGINE_IO_CHARS);
    const { records, peak } = await decode(
      'resources.har',
      harPieces([
        handshakeEntry(),
        ...Array.from({ length: 160 }, (_, i) => resourceEntry(i, 1024 * 1024)),
        pollEntry('GET', `42["huge","${'x'.repeat(big)}"]`),
        pollEntry('POST', '42["after"]'),
      ]),
    );
    expect(events(records)).toEqual(['http-request', 'open', 'http-request', 'after', 'HAR_ENTRY_INVALID']);
    expect(records.at(-1)?.error?.message).toMatch(
      /^unusable HAR entry: entry 161: .*larger than 32 Mi characters, not read$/,
    );
    // The huge entry is held up to the limit (1 byte a character) while it is read, then dropped.
    expect(peak).toBeLessThan(RSS_BOUND_MIB + MAX_HAR_ENGINE_IO_CHARS / 1024 / 1024);
  });

  it('a HAR whose Engine.IO entries pass MAX_HAR_ENGINE_IO_CHARS is read that far, and says so', async () => {
    const message = `42["m","${'y'.repeat(1000)}"]`;
    const perEntry = 1000; // about 1 MB an entry
    const entries = Math.ceil(MAX_HAR_ENGINE_IO_CHARS / (perEntry * message.length)) + 8;
    const { records, peak } = await decode(
      'engine-io.har',
      harPieces([
        handshakeEntry(),
        ...Array.from({ length: entries }, (_, i) => wsEntry(i, perEntry, message)),
      ]),
    );
    const last = records.at(-1);
    expect(last?.error?.message).toMatch(
      /Engine\.IO entries pass 32 Mi characters here; the rest of the file is not read/,
    );
    // Entries are read up to the one that passes the limit, which is kept; none after it.
    const entryChars = wsEntry(0, perEntry, message).length;
    const read = records.filter((r) => (r as PacketRecord).sio?.event === 'm').length;
    expect(read).toBe((Math.floor(MAX_HAR_ENGINE_IO_CHARS / entryChars) + 1) * perEntry);
    expect(peak).toBeLessThan(HAR_BUDGET_RSS_BOUND_MIB);
  }, 120_000);

  it('a 20 MB frame line decodes in one pass, its neighbours kept', async () => {
    const big = `42["big","${'x'.repeat(20 * 1024 * 1024)}"]`;
    const lines = [frame(OPEN), frame('42["before"]'), frame(big), frame('42["after"]')];
    const { records, peak } = await decode('long.ndjson', `${lines.join('\n')}\n`);
    expect(events(records)).toEqual(['open', 'before', 'big', 'after']);
    // The line, the frame's text and the record written out: a few copies of 20 MB and no more.
    expect(peak).toBeLessThan(LONG_LINE_RSS_BOUND_MIB);
  });
});

describe('decode of files of many connections or only bad lines', { timeout: 120_000 }, () => {
  // Each connection costs the decoder and the analyses state of their own: past their limits they keep
  // a fixed number of connections, so a file of new connections costs what a file of a few does.
  const connections = 300_000;
  const handshake = (c: number): string =>
    JSON.stringify({ t: c, conn: `u${c}`, dir: 'in', transport: 'websocket', text: OPEN });
  const event = (c: number): string =>
    JSON.stringify({ t: c, conn: `u${c}`, dir: 'in', transport: 'websocket', text: `42["ev${c}",1]` });
  function* newConnections(): Generator<string> {
    for (let from = 0; from < connections; from += 1000) {
      let piece = '';
      for (let c = from; c < from + 1000; c++) piece += `${handshake(c)}\n${event(c)}\n`;
      yield piece;
    }
  }
  const lines = (text: string): string[] => text.split('\n').filter((line) => line.length > 0);

  it('a new connection every other line: every frame decoded, the decoder saying it set connections aside', async () => {
    const { stdout, peak } = await decodeText('connections.ndjson', newConnections());
    const out = lines(stdout);
    const notes = out.filter((line) => line.includes('"event":"note"'));
    expect(notes).toHaveLength(1);
    expect(ndjson(notes[0] ?? '')[0]).toMatchObject({ conn: 'u0', event: 'note' });
    expect(out).toHaveLength(2 * connections + 1);
    expect(out.filter((line) => line.includes('"error"'))).toHaveLength(0);
    expect(ndjson(out.at(-1) ?? '')[0]).toMatchObject({
      conn: `u${connections - 1}`,
      sio: { type: 'EVENT', event: `ev${connections - 1}` },
    });
    // 300,000 connections' decoders took 250 MiB and more.
    expect(peak).toBeLessThan(RSS_BOUND_MIB);
  });

  it('--summary of a new connection every other line analyses the first ones and counts the rest', async () => {
    const { stdout, peak } = await decodeText('connections.ndjson', newConnections(), ['--summary']);
    const { summary } = JSON.parse(lines(stdout).at(-1) ?? '') as {
      summary: { connections: unknown[]; recordsNotAnalysed: number };
    };
    expect(summary.connections).toHaveLength(MAX_ANALYSED_CONNECTIONS);
    // The decoder's note is of the first connection, which is analysed.
    expect(summary.recordsNotAnalysed).toBe(2 * (connections - MAX_ANALYSED_CONNECTIONS));
    // What the analyses of MAX_ANALYSED_CONNECTIONS hold (about 46 MB) is the bound's part above decode's.
    expect(peak).toBeLessThan(SUMMARY_RSS_BOUND_MIB);
  });

  it('a file of only bad lines streams its input-error records, with or without --summary', async () => {
    const bad = 400_000;
    function* badLines(): Generator<string> {
      for (let from = 0; from < bad; from += 1000) {
        let piece = '';
        for (let i = from; i < from + 1000; i++) piece += `{"t":${i},"conn":"u${i}","dir":"in"}\n`;
        yield piece;
      }
    }
    const plain = await decodeText('bad.ndjson', badLines());
    const out = lines(plain.stdout);
    expect(out).toHaveLength(bad);
    expect(ndjson(out.at(-1) ?? '')[0]).toMatchObject({ event: 'input-error', line: bad });
    expect(plain.peak).toBeLessThan(RSS_BOUND_MIB);

    const summarised = await decodeText('bad.ndjson', badLines(), ['--summary']);
    const { summary } = JSON.parse(lines(summarised.stdout).at(-1) ?? '') as {
      summary: { connections: { findings: unknown[] }[] };
    };
    expect(summary.connections).toHaveLength(1);
    expect(summarised.peak).toBeLessThan(RSS_BOUND_MIB);
  });
});

/** decode's bound and what the analyses of MAX_ANALYSED_CONNECTIONS connections hold, with V8's room to grow. */
const SUMMARY_RSS_BOUND_MIB = 400;
/** A 10 MB HAR of Engine.IO messages, its entries and their records: what importing it takes at most. */
const HAR_RSS_BOUND_MIB = 400;
/** MAX_HAR_ENGINE_IO_CHARS of 1 KB messages held, and their records. */
const HAR_BUDGET_RSS_BOUND_MIB = 300;
/** RSS_BOUND_MIB plus 8 copies of the 20 MB line. */
const LONG_LINE_RSS_BOUND_MIB = RSS_BOUND_MIB + 160;

/** A HAR as Chromium exports it: one WebSocket entry with `messages` EVENTs after the handshake. */
function harWithMessages(messages: number): string {
  const start = 1_700_000_000;
  const list = [
    { type: 'receive', time: start, opcode: 1, data: OPEN },
    { type: 'receive', time: start + 0.001, opcode: 1, data: '40' },
  ];
  for (let i = 0; i < messages; i++)
    list.push({ type: 'receive', time: start + 0.002 + i / 1e6, opcode: 1, data: `42["m",${i}]` });
  const url = 'ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket';
  const entry = {
    startedDateTime: new Date(start * 1000).toISOString(),
    time: 1,
    request: { method: 'GET', url, headers: [], queryString: [], cookies: [], httpVersion: 'HTTP/1.1' },
    response: { status: 101, statusText: '', headers: [], cookies: [], content: { size: 0, mimeType: '' } },
    timings: { send: 0, wait: 0, receive: 0 },
    _resourceType: 'websocket',
    _webSocketMessages: list,
  };
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [entry] } });
}

const HAR_START = 1_700_000_000_000;
const POLL_URL = 'http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling';

/** A HAR's text in pieces, one an entry, as an exporter writes it. */
function* harPieces(entries: Iterable<string>): Generator<string> {
  yield '{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[';
  let first = true;
  for (const entry of entries) {
    yield first ? entry : `,${entry}`;
    first = false;
  }
  yield ']}}';
}

function harEntry(at: number, method: string, url: string, more: object): string {
  return JSON.stringify({
    startedDateTime: new Date(HAR_START + at).toISOString(),
    time: 1,
    request: { method, url, headers: [], queryString: [], cookies: [], httpVersion: 'HTTP/1.1' },
    response: { status: 200, statusText: '', headers: [], cookies: [], content: { size: 0, mimeType: '' } },
    timings: { send: 0, wait: 0, receive: 0 },
    ...more,
  });
}

function handshakeEntry(): string {
  return harEntry(0, 'GET', POLL_URL, {
    response: { status: 200, content: { mimeType: 'text/plain', text: OPEN.replace('"s"', '"hs"') } },
  });
}

/** A script the page loaded, with its content: nothing of Engine.IO. */
function resourceEntry(i: number, size: number): string {
  return harEntry(1 + i, 'GET', `http://127.0.0.1:3000/bundle-${i}.js`, {
    response: { status: 200, content: { mimeType: 'text/javascript', text: 'x'.repeat(size) } },
  });
}

function pollEntry(method: 'GET' | 'POST', body: string): string {
  const url = `${POLL_URL}&sid=hs`;
  return method === 'GET'
    ? harEntry(1000, method, url, {
        response: { status: 200, content: { mimeType: 'text/plain', text: body } },
      })
    : harEntry(1001, method, url, {
        request: { method, url, headers: [], postData: { mimeType: 'text/plain', text: body } },
      });
}

function wsEntry(i: number, messages: number, data: string): string {
  const url = `ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket&sid=hs`;
  const list = Array.from({ length: messages }, (_, m) => ({
    type: 'receive',
    time: (HAR_START + 10 + i * messages + m) / 1000,
    opcode: 1,
    data,
  }));
  return harEntry(10 + i * messages, 'GET', url, { response: { status: 101 }, _webSocketMessages: list });
}
