// The envelope every bridge answer travels in, over IPC and over the WebSocket: a result or a
// UserError's shape. Electron's own rejection of a failed `invoke` prefixes the message with the
// channel and loses the code, and so does a rejection crossing the contextBridge, so handlers never
// throw across the bridge: they answer with this, and only the page opens it (unwrapOutcome).
import { BRIDGE_ERROR_CODES, toErrorShape, type BridgeErrorShape } from './errors';
import { isUserErrorData, UserError } from '../user-error';

export type Outcome<T> =
  { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: BridgeErrorShape };

/** The envelope of a failure: UserErrors keep their kind and cause, anything else is an `io` error. */
export function failedOutcome(error: unknown): Outcome<never> {
  return { ok: false, error: toErrorShape(error) };
}

/** The result, or the UserError the envelope carries; a malformed envelope is an `io` error. */
export function unwrapOutcome<T>(outcome: unknown): T {
  if (typeof outcome === 'object' && outcome !== null) {
    const o = outcome as { ok?: unknown; result?: unknown; error?: unknown };
    if (o.ok === true) return o.result as T;
    if (o.ok === false && isErrorShape(o.error)) throw UserError.of(o.error);
  }
  throw new UserError('io', 'malformed answer from the Node side');
}

function isErrorShape(value: unknown): value is BridgeErrorShape {
  if (!isUserErrorData(value)) return false;
  return BRIDGE_ERROR_CODES.includes((value as { code?: unknown }).code as BridgeErrorShape['code']);
}
