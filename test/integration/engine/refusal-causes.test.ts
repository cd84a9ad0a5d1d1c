// Each refusal named by its cause, from what the real servers (socket.io 4, 3 and 2) send: a message
// over the server's maxHttpBufferSize (HTTP 413 or a cut POST on polling, close code 1009 on a
// websocket) with the size sent and the handshake's maxPayload; a handshake refused by allowRequest or
// an engine middleware as the server's own refusal with its status and words; and a forced Engine.IO
// version the server does not speak, read from its well-formed answer in the other version.
import { createServer, type Server as HttpServer } from 'node:http';
import { Server as Server4, type ServerOptions } from 'socket.io';
import createV2Server from 'socket.io-v2';
import { Server as Server3 } from 'socket.io-v3';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_WORDS } from '../../../electron/cli/cli-error';
import type { ConnectOptions } from '../../../electron/engine/options';
import { describeUserError } from '../../../shared/user-error';
import { Observed } from '../../support/engine-support';
import { listenLocally } from '../../support/servers';

type Generation = 'socket.io 4' | 'socket.io 3' | 'socket.io 2';
const GENERATIONS: readonly Generation[] = ['socket.io 4', 'socket.io 3', 'socket.io 2'];

const LIMIT = 1000;
/** An event well over LIMIT once framed. */
const BIG = 'x'.repeat(5000);
const REFUSAL = 'origin not allowed';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c()));
});

async function serve(
  generation: Generation,
  options: Pick<ServerOptions, 'maxHttpBufferSize' | 'allowRequest'>,
): Promise<string> {
  const http: HttpServer = createServer();
  if (generation === 'socket.io 4') new Server4(http, options);
  else if (generation === 'socket.io 3') new Server3(http, options);
  else createV2Server(http, options);
  const server = await listenLocally(http);
  cleanups.push(() => server.close());
  return server.url;
}

async function failure(options: ConnectOptions, emit?: string) {
  const o = new Observed(options);
  cleanups.push(() => o.close());
  o.start();
  if (emit !== undefined) o.connection.emit('/', 'big', [emit]);
  const closed = await o.event('closed', () => true, 10_000);
  expect(closed.failure).toBeDefined();
  return { failure: closed.failure!, line: describeUserError(closed.failure!, CLI_WORDS) };
}

describe('a message over the server maxHttpBufferSize', () => {
  it('socket.io 4: a polling POST answered 413 says both sizes and the server setting', async () => {
    const url = await serve('socket.io 4', { maxHttpBufferSize: LIMIT });
    const { failure: f, line } = await failure({ url, transports: ['polling'] }, BIG);
    expect(f).toMatchObject({ kind: 'protocol', why: { cause: 'too-large' } });
    expect(line).toMatch(
      /^the server refused a 50\d\d-byte POST as too large \(HTTP 413\); its handshake allows 1000 bytes \(maxPayload\) \(send smaller messages, or raise the server's maxHttpBufferSize\)$/,
    );
  });

  it.each(['socket.io 3', 'socket.io 2'] as const)(
    '%s: a polling POST cut off without a word says its size and what such a cut means',
    async (generation) => {
      const url = await serve(generation, { maxHttpBufferSize: LIMIT });
      const { failure: f, line } = await failure({ url, transports: ['polling'] }, BIG);
      expect(f.why.cause).toBe('lost');
      expect(line).toMatch(
        /was reset during a 50\d\d-byte POST \(engine\.io before 6 cuts a POST this way when the body passes the server's maxHttpBufferSize\)$/,
      );
    },
  );

  // socket.io 3's ws cuts such a socket without a close frame (1006), which says nothing of why.
  it.each(['socket.io 4', 'socket.io 2'] as const)(
    '%s: a websocket closed with 1009 says the size sent',
    async (generation) => {
      const url = await serve(generation, { maxHttpBufferSize: LIMIT });
      const { failure: f, line } = await failure({ url, transports: ['websocket'] }, BIG);
      expect(f).toMatchObject({ kind: 'protocol', why: { cause: 'too-large' } });
      expect(line).toMatch(/\(code 1009 message too big\b.*: the largest message sent was 50\d\d bytes/);
      // engine.io 3's handshake has no maxPayload to quote.
      if (generation !== 'socket.io 2')
        expect(line).toContain('its handshake allows 1000 bytes (maxPayload)');
      expect(line).toContain("raise the server's maxHttpBufferSize");
    },
  );
});

describe('a handshake the server refuses on its own terms', () => {
  const allowRequest: ServerOptions['allowRequest'] = (_req, callback) => callback(REFUSAL, false);

  it.each(GENERATIONS)(
    '%s allowRequest over websocket: refused by the server, with the status and its words',
    async (generation) => {
      const url = await serve(generation, { allowRequest });
      const { failure: f, line } = await failure({ url, transports: ['websocket'] });
      expect(f).toMatchObject({ kind: 'protocol', why: { cause: 'refused' } });
      expect(line).toBe(
        'handshake refused by the server: HTTP 400: origin not allowed (its allowRequest or a middleware said no; check --header, --query and cookies)',
      );
      expect(line).not.toContain('--path');
    },
  );

  it.each(GENERATIONS)('%s allowRequest over polling: 403 with its words', async (generation) => {
    const url = await serve(generation, { allowRequest });
    const { line } = await failure({ url, transports: ['polling'] });
    expect(line).toBe(
      'handshake refused: HTTP 403, Engine.IO error 4 "Forbidden": origin not allowed (the server\'s allowRequest refused the handshake; check --header, --query and cookies)',
    );
  });

  it.each(['polling', 'websocket'] as const)(
    'socket.io 4 engine middleware over %s: a refusal, not a wrong path',
    async (transport) => {
      const http = createServer();
      const io = new Server4(http);
      io.engine.use((_req: unknown, _res: unknown, next: (error?: Error) => void) =>
        next(new Error('no session')),
      );
      const { url, close } = await listenLocally(http);
      cleanups.push(close);
      const { line } = await failure({ url, transports: [transport] });
      expect(line).toMatch(
        /^handshake refused: HTTP 400, Engine\.IO error 3 "Bad request" \(a server middleware or allowRequest refused it; check --header, --query and cookies\)$/,
      );
    },
  );
});

describe('a forced version the server does not speak', () => {
  it.each([[['polling'] as const], [['polling', 'websocket'] as const]])(
    '--eio 4 against socket.io 2 over %j: the v3 answer names the version, not the path',
    async (transports) => {
      const url = await serve('socket.io 2', {});
      const { failure: f, line } = await failure({ url, eio: 4, transports: [...transports] });
      expect(f).toMatchObject({ kind: 'protocol', why: { cause: 'version', setting: 'eio', value: 3 } });
      expect(line).toBe(
        'the server speaks Engine.IO 3, not 4: its first answer is framed as Engine.IO 3 (try --eio 3)',
      );
    },
  );
});
