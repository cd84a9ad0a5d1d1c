// Servers that leave the defaults, driven by `capture` (built and run as a user runs it) and by their
// official clients through the recording proxy: socket.io 4 with socket.io-msgpack-parser, socket.io 3,
// plain engine.io 6 and 3. Each session decodes with no error record and no error-severity finding.
import { join } from 'node:path';
import { Socket as EngineClient } from 'engine.io-client';
import { io as ioClient } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeSession } from '../../../shared/analysis/summary';
import { isLifecycle, type PacketRecord, type SessionRecord } from '../../../shared/record';
import { startDecodingProxy } from '../../../electron/proxy/decoding-proxy';
import { buildCli, runCli, type CliResult } from '../../support/cli';
import { ndjson, readSessionFile, withReport } from '../../support/ndjson';
import {
  startEngineIo3Server,
  startEngineIo6Server,
  startMsgpackServer,
  startSocketIo3Server,
  type DeploymentServer,
} from '../../support/deployment-servers';
import { tempDir } from '../../support/temp-dir';

let cli: string;
let dir: string;
let msgpack: DeploymentServer;
let sio3: DeploymentServer;
let eio6: DeploymentServer;
let eio3: DeploymentServer;

beforeAll(async () => {
  [cli, msgpack, sio3, eio6, eio3] = await Promise.all([
    buildCli(),
    startMsgpackServer(),
    startSocketIo3Server(),
    startEngineIo6Server(),
    startEngineIo3Server(),
  ]);
  dir = tempDir('sio-deploy');
});
afterAll(async () => {
  await Promise.all([msgpack.close(), sio3.close(), eio6.close(), eio3.close()]);
});

/** An acked emit with binary, and a server ack request answered; ends when the server says so. */
const SCENARIO = [
  '--emit',
  '["echo","hi",{"$binary":"AQID"}]',
  '--emit',
  '["ask-me"]',
  '--ack',
  '--until',
  'answered',
];

function packetsOf(records: readonly SessionRecord[]): PacketRecord[] {
  return records.filter((r): r is PacketRecord => !isLifecycle(r));
}

/** No error record, no error-severity finding, in the records and in what `decode` makes of the file. */
async function expectClean(records: readonly SessionRecord[], file?: string): Promise<void> {
  expect(records.filter((r) => r.error !== undefined)).toEqual([]);
  const findings = summarizeSession(records).connections.flatMap((c) => c.findings);
  expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  if (file === undefined) return;
  const decoded = await runCli(cli, ['decode', file, '--format', 'ndjson', '--summary']);
  expect(decoded.code).toBe(0);
  const { records: again, report } = withReport(decoded.stdout, 'summary');
  expect(again.filter((r) => r.error !== undefined)).toEqual([]);
  expect(report.connections.flatMap((c) => c.findings).filter((f) => f.severity === 'error')).toEqual([]);
}

function expectOneLine(result: CliResult, pattern: RegExp): void {
  expect(result.code).toBe(1);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('socket.io 4 with socket.io-msgpack-parser', () => {
  it('capture --parser msgpack emits with binary and acks, answers the server, and records the parser', async () => {
    const out = join(dir, 'msgpack.jsonl');
    const result = await runCli(cli, [
      'capture',
      msgpack.url,
      '--parser',
      'msgpack',
      '--auth',
      '{"token":"t"}',
      ...SCENARIO,
      '--out',
      out,
    ]);
    expect(result.stderr).toMatch(/capture ended \(--until "answered" arrived\)/);
    expect(result.code).toBe(0);
    const { header, records } = readSessionFile(out);
    expect(header.options).toMatchObject({ parser: 'msgpack' });
    const sent = packetsOf(records).filter((r) => r.dir === 'out' && r.sio !== undefined);
    // The auth payload's values are masked in the recording (--keep-secrets keeps them).
    expect(sent[0]?.sio).toEqual({ type: 'CONNECT', nsp: '/', data: { token: '<redacted>' } });
    expect(sent.find((r) => r.sio?.event === 'echo')?.sio?.args).toEqual(['hi', { $binary: 'AQID' }]);
    // The server got real bytes, and our answer to its `ask`.
    expect(msgpack.received).toContainEqual(['hi', Buffer.from([1, 2, 3])]);
    expect(msgpack.answers).toHaveLength(1);
    const ack = packetsOf(records).find((r) => r.dir === 'in' && r.sio?.type === 'ACK');
    expect(ack?.sio?.args).toEqual(['hi', { $binary: 'AQID' }]);
    // Every Socket.IO packet went as one binary message; the CONNECT's, holding the auth, is masked whole.
    expect(sent[0]?.eio?.data).toBe('<redacted>');
    expect(sent.slice(1).every((r) => typeof r.eio?.data === 'object')).toBe(true);
    await expectClean(records, out);
  });

  it('capture with the default parser names the likely cause and the flag in one line', async () => {
    const result = await runCli(cli, ['capture', msgpack.url, '--duration', '5']);
    expectOneLine(
      result,
      /closed the session without answering the CONNECT for \/: .*socket\.io-msgpack-parser \(try --parser msgpack\)/,
    );
  });

  it('the proxy detects msgpack in the official client traffic, says so, and decodes it', async () => {
    const records: SessionRecord[] = [];
    const proxy = await startDecodingProxy({
      target: msgpack.url,
      listenPort: 0,
      onRecords: (b) => records.push(...b),
    });
    const client = ioClient(`http://127.0.0.1:${proxy.port}`, { parser: msgpackParser, reconnection: false });
    try {
      const answer = await new Promise<unknown[]>((resolve) =>
        client.on('connect', () =>
          client.emit('echo', 'x', Buffer.from([9, 8]), (...args: unknown[]) => resolve(args)),
        ),
      );
      expect(answer).toEqual(['x', Buffer.from([9, 8])]);
    } finally {
      client.close();
      await proxy.close();
    }
    const notes = records.filter(
      (r) => isLifecycle(r) && r.event === 'note' && r.message?.includes('msgpack'),
    );
    expect(notes.length).toBeGreaterThan(0);
    const echo = packetsOf(records).find((r) => r.dir === 'out' && r.sio?.event === 'echo');
    expect(echo?.sio?.args).toEqual(['x', { $binary: 'CQg=' }]);
    await expectClean(records);
  });
});

describe('socket.io 3', () => {
  it('capture records a clean session with emits, binary and acks', async () => {
    const result = await runCli(cli, ['capture', sio3.url, ...SCENARIO, '--format', 'ndjson']);
    expect(result.code).toBe(0);
    const records = ndjson(result.stdout);
    // socket.io 3's parser (4.0.x) writes an ack with binary as BINARY_ACK.
    const ack = packetsOf(records).find((r) => r.dir === 'in' && r.sio?.type === 'BINARY_ACK');
    expect(ack?.sio?.args).toEqual(['hi', { $binary: 'AQID' }]);
    expect(sio3.answers.length).toBeGreaterThan(0);
    await expectClean(records);
  });

  it('socket.io 3 takes more attachments than the current parser default of 10: 12 come back whole', async () => {
    const twelve = Array.from({ length: 12 }, (_, i) => ({
      $binary: Buffer.from([i, 255 - i]).toString('base64'),
    }));
    const result = await runCli(cli, [
      'capture',
      sio3.url,
      '--emit',
      JSON.stringify(['echo', ...twelve]),
      '--emit',
      '["ask-me"]',
      '--ack',
      '--until',
      'answered',
      '--format',
      'ndjson',
    ]);
    expect(result.code).toBe(0);
    const records = ndjson(result.stdout);
    const ack = packetsOf(records).find((r) => r.dir === 'in' && r.sio?.type === 'BINARY_ACK');
    expect(ack?.sio).toMatchObject({ attachments: 12, args: twelve });
    await expectClean(records);
  });
});

describe.each([
  ['engine.io 6', () => eio6, 4],
  ['engine.io 3', () => eio3, 3],
] as const)('plain %s', (_, server, eio) => {
  it('capture --parser none sends raw messages, exits 0, and joins no namespace', async () => {
    const out = join(dir, `plain-${eio}.jsonl`);
    const result = await runCli(cli, [
      'capture',
      server().url,
      '--path',
      '/engine.io/',
      '--parser',
      'none',
      '--send',
      'hello',
      '--send-binary',
      'AQID',
      '--duration',
      '1',
      '--out',
      out,
      '--summary',
      '--format',
      'ndjson',
    ]);
    expect(result.stderr).toMatch(/capture ended \(--duration 1 s\)/);
    expect(result.code).toBe(0);
    const { records } = readSessionFile(out);
    expect(records.filter((r) => !isLifecycle(r) && r.sio !== undefined)).toEqual([]);
    const inbound = packetsOf(records).filter((r) => r.dir === 'in' && r.eio?.type === 'message');
    expect(inbound.map((r) => r.eio?.data)).toEqual(['42 is the answer', 'hello', { $binary: 'AQID' }]);
    expect(server().received).toContainEqual('hello');
    expect(server().received).toContainEqual(Uint8Array.from([1, 2, 3]));
    const { report } = withReport(result.stdout, 'summary');
    expect(report.connections[0]?.eio).toBe(eio);
    expect(report.connections[0]?.namespaces).toEqual([]);
    await expectClean(records, out);
    // decode --parser none of the file gives the same messages.
    const decoded = await runCli(cli, ['decode', out, '--parser', 'none', '--format', 'ndjson']);
    expect(
      packetsOf(ndjson(decoded.stdout))
        .filter((r) => r.dir === 'in' && r.eio?.type === 'message')
        .map((r) => r.eio?.data),
    ).toEqual(inbound.map((r) => r.eio?.data));
  });

  it('capture with the default parser does not claim a refused namespace; it says what the server likely is', async () => {
    const result = await runCli(cli, ['capture', server().url, '--path', '/engine.io/', '--duration', '5']);
    expectOneLine(
      result,
      /not a Socket\.IO packet: it is likely a plain Engine\.IO server \(try --parser none\)/,
    );
    expect(result.stderr).not.toMatch(/refused/);
  });

  it('the official engine.io-client through the proxy decodes as plain Engine.IO with --parser none', async () => {
    const records: SessionRecord[] = [];
    const proxy = await startDecodingProxy({
      target: server().url,
      listenPort: 0,
      parser: 'none',
      onRecords: (b) => records.push(...b),
    });
    const socket = await officialEngineClient(eio, `http://127.0.0.1:${proxy.port}`);
    try {
      const echoed = await socket.exchange('ping me');
      expect(echoed).toBe('ping me');
    } finally {
      socket.close();
      await proxy.close();
    }
    const messages = packetsOf(records)
      .filter((r) => r.eio?.type === 'message')
      .map((r) => [r.dir, r.eio?.data]);
    expect(messages).toEqual([
      ['in', '42 is the answer'],
      ['out', 'ping me'],
      ['in', 'ping me'],
    ]);
    expect(records.every((r) => isLifecycle(r) || r.eioVersion === eio)).toBe(true);
    await expectClean(records);
  });
});

interface PlainClient {
  exchange(text: string): Promise<string>;
  close(): void;
}

/** engine.io-client 6 for EIO4, engine.io-client 3 (installed as engine.io-client-v3) for EIO3. */
async function officialEngineClient(eio: 3 | 4, url: string): Promise<PlainClient> {
  type Emitter = {
    on(event: string, listener: (data: string) => void): void;
    once(event: string, listener: () => void): void;
    send(data: string): void;
    close(): void;
  };
  let socket: Emitter;
  if (eio === 4) socket = new EngineClient(url) as unknown as Emitter;
  else {
    const { createRequire } = await import('node:module');
    const V3 = createRequire(import.meta.url)('engine.io-client-v3') as new (url: string) => Emitter;
    socket = new V3(url);
  }
  const messages: string[] = [];
  let waiting: ((text: string) => void) | undefined;
  socket.on('message', (data) => {
    if (waiting !== undefined && messages.length > 0) waiting(data);
    messages.push(data);
  });
  await new Promise<void>((resolve) => socket.once('open', resolve));
  // The server's greeting first, then our exchange.
  await new Promise<void>((resolve) => (messages.length > 0 ? resolve() : socket.once('message', resolve)));
  return {
    exchange: (text) =>
      new Promise<string>((resolve) => {
        waiting = resolve;
        socket.send(text);
      }),
    close: () => socket.close(),
  };
}
