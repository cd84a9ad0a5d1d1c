// A refused Engine.IO request, decoded: engine.io answers `{"code":N,"message":...}` with HTTP 400/403
// on polling and a plain-text 400 on a websocket upgrade; python-engineio answers a sentence
// (docs/protocol.md §1.2, "engine.io error body"). Each code comes with its meaning and what to try.
// A server's own refusal (its allowRequest or a middleware, with its own message) is said as one, with
// its status and body; a POST over the server's maxHttpBufferSize as too large, with both sizes.
import { parseJson } from '../../shared/bounded-json';
import type { EioVersion, Transport } from '../../shared/record';
import type { Failure } from './failure';

export interface RefusalContext {
  readonly eio: EioVersion;
  readonly transport: Transport;
  readonly path: string;
  /** Whether the request carried a sid, i.e. the session existed. */
  readonly inSession: boolean;
  /** The bytes of the refused request's body: a polling POST. */
  readonly sentBytes?: number;
  /** The handshake's maxPayload, where the server gave one. */
  readonly maxPayload?: number;
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
    hint: 'a server middleware or allowRequest refused it; check {headers}, {query} and cookies',
  },
  4: {
    name: 'Forbidden',
    hint: "the server's allowRequest refused the handshake; check {headers}, {query} and cookies",
  },
  5: { name: 'Unsupported protocol version', hint: '' },
};

const UNSUPPORTED_VERSION = 5;

/** What a refusal says of itself when a server refuses on its own terms, not with an engine.io code. */
const SERVER_REFUSAL_HINT = 'its allowRequest or a middleware said no; check {headers}, {query} and cookies';

/** Whether the refusal says "wrong Engine.IO version" (engine.io code 5, or python-engineio's sentence). */
export function isUnsupportedVersion(status: number, body: string): boolean {
  return status === 400 && engineIoError(body)?.code === UNSUPPORTED_VERSION;
}

export function explainRefusal(status: number, body: string, context: RefusalContext): Failure {
  if (status === 413 && context.sentBytes !== undefined)
    return payloadTooLarge(
      `the server refused a ${context.sentBytes}-byte POST as too large (HTTP 413)`,
      context.maxPayload,
    );
  const error = engineIoError(body);
  const known = error === undefined ? undefined : ENGINE_IO_ERRORS[error.code];
  const what = context.inSession ? 'the server ended the session' : 'handshake refused';
  if (known !== undefined && error !== undefined) {
    // allowRequest's own message rides in the body in place of the code's name.
    const own =
      error.message !== undefined && error.message !== known.name ? `: ${quote(error.message)}` : '';
    const message = `${what}: HTTP ${status}, Engine.IO error ${error.code} "${known.name}"${own}`;
    if (error.code === UNSUPPORTED_VERSION)
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
  // A 4xx with a body of its own: the server understood the request and said no, in its own words.
  if (status >= 400 && status < 500 && detail !== '')
    return {
      kind: 'protocol',
      message: `${what} by the server: HTTP ${status}${detail}`,
      hint: SERVER_REFUSAL_HINT,
      why: { cause: 'refused' },
    };
  return {
    kind: 'protocol',
    message: `${what}: HTTP ${status}${detail}`,
    hint: `check the URL and {path} ${context.path}`,
    why: { cause: 'refused' },
  };
}

/**
 * A POST the server cut off while it was still being sent. engine.io destroys the request of a body over
 * its maxHttpBufferSize, with (engine.io 6) or without (engine.io 3, 4) a 413 first, so the client may see
 * only the reset. Said as too large when the body passed the handshake's maxPayload, or, with no
 * maxPayload to compare (engine.io before 6), with the size and what such a cut usually means.
 */
export function explainCutPost(sentBytes: number, maxPayload: number | undefined, reset: Failure): Failure {
  if (maxPayload !== undefined && sentBytes > maxPayload)
    return payloadTooLarge(`the server cut off a ${sentBytes}-byte POST as too large`, maxPayload);
  if (maxPayload !== undefined) return reset;
  return {
    ...reset,
    message: `${reset.message} during a ${sentBytes}-byte POST`,
    hint: "engine.io before 6 cuts a POST this way when the body passes the server's maxHttpBufferSize",
  };
}

/** What the server refused as too large, with the handshake's maxPayload where the server gave one. */
export function payloadTooLarge(what: string, maxPayload: number | undefined): Failure {
  const limit = maxPayload === undefined ? '' : `; its handshake allows ${maxPayload} bytes (maxPayload)`;
  return {
    kind: 'protocol',
    message: `${what}${limit}`,
    hint: "send smaller messages, or raise the server's maxHttpBufferSize",
    why: { cause: 'too-large' },
  };
}

/** The engine.io error a body names: JSON `{code, message}`, engine.io's upgrade text, or python's sentence. */
function engineIoError(body: string): { readonly code: number; readonly message?: string } | undefined {
  const text = body.trim();
  // Not JSON: engine.io answers a failed websocket upgrade with the bare message text.
  const parsed = parseJson(text);
  const json = 'value' in parsed ? parsed.value : undefined;
  if (typeof json === 'object' && json !== null && typeof (json as { code?: unknown }).code === 'number') {
    const { code, message } = json as { code: number; message?: unknown };
    return typeof message === 'string' && message.trim() !== '' ? { code, message } : { code };
  }
  for (const [code, { name }] of Object.entries(ENGINE_IO_ERRORS))
    if (text === name) return { code: Number(code) };
  // python-engineio: "The client is using an unsupported version of the Socket.IO or Engine.IO protocols".
  if (/unsupported version/i.test(text)) return { code: UNSUPPORTED_VERSION };
  return undefined;
}

function quote(body: string): string {
  const line = body.trim().replace(/\s+/g, ' ');
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
