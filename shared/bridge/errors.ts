// How a bridge call fails, the same over IPC and over the web host's WebSocket: a stable code for the
// renderer to branch on and a one-line message for people. Never a stack trace across the bridge.

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

export interface BridgeErrorShape {
  readonly code: BridgeErrorCode;
  readonly message: string;
}

export class BridgeError extends Error implements BridgeErrorShape {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** What crosses the bridge for any thrown value: BridgeErrors as they are, anything else as `failed`. */
export function toErrorShape(error: unknown): BridgeErrorShape {
  if (error instanceof BridgeError) return { code: error.code, message: oneLine(error.message) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'failed', message: oneLine(message) };
}

function oneLine(message: string): string {
  const first = message.split('\n')[0] ?? '';
  return first.length > 500 ? `${first.slice(0, 499)}…` : first;
}
