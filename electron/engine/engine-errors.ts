// A refused Engine.IO request, decoded: engine.io answers `{"code":N,"message":...}` with HTTP 400/403
// on polling and a plain-text 400 on a websocket upgrade; python-engineio answers a sentence
// (docs/protocol.md §1.2, "engine.io error body"). Each code comes with its meaning and what to try.
import { parseJson } from '../../shared/bounded-json';
import type { EioVersion, Transport } from '../../shared/record';
import type { Failure } from './failure';

export interface RefusalContext {
  readonly eio: EioVersion;
  readonly transport: Transport;
  readonly path: string;
  /** Whether the request carried a sid, i.e. the session existed. */
  readonly inSession: boolean;
}

/** engine.io's `Server.errors` (docs/protocol.md §1.2). */
export const ENGINE_IO_ERRORS: Readonly<Record<number, { readonly name: string; readonly hint: string }>> = {
  0: {
    name: 'Transport unknown',
    hint: 'the server does not offer this transport; try {transports} polling or websocket',
  },
  1: {
    name: 'Session ID unknown',
    hint: 'the server forgot the session; behind a load balancer this means sticky sessions are missing',
  },
  2: { name: 'Bad handshake method', hint: 'the handshake must be a GET' },
  3: {
    name: 'Bad request',
    hint: 'a server middleware or allowRequest refused it; check {path}, {headers} and {query}',
  },
  4: {
    name: 'Forbidden',
    hint: "the server's allowRequest refused the handshake; check {headers}, {query} and cookies",
  },
  5: { name: 'Unsupported protocol version', hint: '' },
};

const UNSUPPORTED_VERSION = 5;

/** Whether the refusal says "wrong Engine.IO version" (engine.io code 5, or python-engineio's sentence). */
export function isUnsupportedVersion(status: number, body: string): boolean {
  return status === 400 && refusalCode(body) === UNSUPPORTED_VERSION;
}

export function explainRefusal(status: number, body: string, context: RefusalContext): Failure {
  const code = refusalCode(body);
  const known = code === undefined ? undefined : ENGINE_IO_ERRORS[code];
  const what = context.inSession ? 'the server ended the session' : 'handshake refused';
  if (known !== undefined && code !== undefined) {
    const message = `${what}: HTTP ${status}, Engine.IO error ${code} "${known.name}"`;
    if (code === UNSUPPORTED_VERSION)
      return {
        kind: 'protocol',
        message,
        hint: `the server does not speak Engine.IO v${context.eio}`,
        why: { cause: 'version', setting: 'eio', value: context.eio === 4 ? 3 : 4 },
      };
    return { kind: 'protocol', message, hint: known.hint, why: { cause: 'refused' } };
  }
  const detail = body.trim().length > 0 ? `: ${quote(body)}` : '';
  if (status === 404)
    return {
      kind: 'protocol',
      message: `nothing answers at ${context.path} (HTTP 404${detail})`,
      hint: "check {path}; Socket.IO's default is /socket.io/",
      why: { cause: 'not-found', setting: 'path' },
    };
  return {
    kind: 'protocol',
    message: `${what}: HTTP ${status}${detail}`,
    hint: `check the URL and {path} ${context.path}`,
    why: { cause: 'refused' },
  };
}

/** The engine.io error code a body names: JSON `{code}`, engine.io's upgrade text, or python's sentence. */
function refusalCode(body: string): number | undefined {
  const text = body.trim();
  // Not JSON: engine.io answers a failed websocket upgrade with the bare message text.
  const parsed = parseJson(text);
  const json = 'value' in parsed ? parsed.value : undefined;
  if (typeof json === 'object' && json !== null && typeof (json as { code?: unknown }).code === 'number')
    return (json as { code: number }).code;
  for (const [code, { name }] of Object.entries(ENGINE_IO_ERRORS)) if (text === name) return Number(code);
  // python-engineio: "The client is using an unsupported version of the Socket.IO or Engine.IO protocols".
  if (/unsupported version/i.test(text)) return UNSUPPORTED_VERSION;
  return undefined;
}

function quote(body: string): string {
  const line = body.trim().replace(/\s+/g, ' ');
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
