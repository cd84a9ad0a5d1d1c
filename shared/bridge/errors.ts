// How a bridge call fails, the same over IPC and over the web host's WebSocket: the UserError's data,
// with a stable code derived from its kind for the renderer to branch on. Never a stack trace across
// the bridge.
import { errorMessage, UserError, type UserErrorData, type UserErrorKind } from '../user-error';

export type BridgeErrorCode =
  /** The request does not fit the contract (shape, type or size): a renderer bug or a hostile page. */
  | 'invalid-request'
  /** No such session (closed, or never existed). */
  | 'not-found'
  /** This host cannot do it (the web host has no native dialog; no live engine yet). */
  | 'unsupported'
  /** The request was fine and the work failed: unreachable server, unreadable file. */
  | 'failed';

export const BRIDGE_ERROR_CODES: readonly BridgeErrorCode[] = [
  'invalid-request',
  'not-found',
  'unsupported',
  'failed',
];

/** Each kind of user error as the bridge's code: the one place the two meet. */
export const BRIDGE_ERROR_CODE: Readonly<Record<UserErrorKind, BridgeErrorCode>> = {
  usage: 'invalid-request',
  input: 'failed',
  io: 'failed',
  network: 'failed',
  protocol: 'failed',
  'not-found': 'not-found',
  unsupported: 'unsupported',
};

export interface BridgeErrorShape extends UserErrorData {
  readonly code: BridgeErrorCode;
}

/** What crosses the bridge for any thrown value: UserErrors with their data, anything else as `io`. */
export function toErrorShape(error: unknown): BridgeErrorShape {
  const data: UserErrorData =
    error instanceof UserError ? error.data() : { kind: 'io', message: errorMessage(error) };
  return { ...data, message: errorMessage(data.message), code: BRIDGE_ERROR_CODE[data.kind] };
}
