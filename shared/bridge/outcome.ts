// The envelope every bridge answer travels in, over IPC and over the WebSocket: a result or a
// BridgeError shape. Electron's own rejection of a failed `invoke` prefixes the message with the
// channel and loses the code, and so does a rejection crossing the contextBridge, so handlers never
// throw across the bridge: they answer with this, and only the page opens it (unwrapOutcome).
import { BRIDGE_ERROR_CODES, BridgeError, toErrorShape, type BridgeErrorShape } from './errors';

export type Outcome<T> =
  { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: BridgeErrorShape };

/** The envelope of a failure: BridgeErrors keep their code, anything else is `failed`. */
export function failedOutcome(error: unknown): Outcome<never> {
  return { ok: false, error: toErrorShape(error) };
}

/** The result, or the BridgeError the envelope carries; a malformed envelope is a `failed` error. */
export function unwrapOutcome<T>(outcome: unknown): T {
  if (typeof outcome === 'object' && outcome !== null) {
    const o = outcome as { ok?: unknown; result?: unknown; error?: unknown };
    if (o.ok === true) return o.result as T;
    if (o.ok === false && isErrorShape(o.error)) throw new BridgeError(o.error.code, o.error.message);
  }
  throw new BridgeError('failed', 'malformed answer from the Node side');
}

function isErrorShape(value: unknown): value is BridgeErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return typeof message === 'string' && BRIDGE_ERROR_CODES.includes(code as BridgeErrorShape['code']);
}
