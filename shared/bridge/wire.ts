// The web host's bridge protocol over its one WebSocket (docs/architecture.md, "Where Electron cannot
// run"): the page sends requests `{id, method, params}`, the host answers each with `{id, ...Outcome}`
// and pushes BridgeEvents as `{event}`. JSON text frames only.
import { isTooDeep, parseJson } from '../bounded-json';
import type { BridgeEvent } from './api';
import type { Outcome } from './outcome';

export interface WireRequest {
  /** Chosen by the page, echoed in the reply: a non-negative safe integer. */
  readonly id: number;
  readonly method: string;
  readonly params?: unknown;
}

export type WireReply = { readonly id: number } & Outcome<unknown>;

export interface WireEvent {
  readonly event: BridgeEvent;
}

/** Where the bridge socket listens, relative to the page. */
export const BRIDGE_PATH = '/bridge';

/** A request frame, or why it is not one. Methods and params are checked later, by the handler table. */
export function parseWireRequest(
  text: string,
): { readonly request: WireRequest } | { readonly error: string } {
  const parsed = parseJson(text);
  if ('error' in parsed) return { error: isTooDeep(parsed) ? parsed.error : 'not JSON' };
  const { value } = parsed;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: 'not a JSON object' };
  const { id, method, params } = value as { id?: unknown; method?: unknown; params?: unknown };
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0)
    return { error: '"id" must be a non-negative integer' };
  if (typeof method !== 'string') return { error: '"method" must be a string' };
  return { request: { id, method, params } };
}

/**
 * The bridge socket's URL for a page served at `pageUrl` (`http://127.0.0.1:PORT/?token=…`): same host,
 * `ws:` for `http:`, the page's token passed on. Undefined when the page URL has no token.
 */
export function bridgeUrl(pageUrl: string): string | undefined {
  const match = /^(https?):\/\/([^/?#]+)[^?#]*(?:\?([^#]*))?/i.exec(pageUrl);
  if (match === null) return undefined;
  const [, scheme = 'http', host = '', query = ''] = match;
  const token = query
    .split('&')
    .map((pair) => pair.split('='))
    .find(([key]) => key === 'token')?.[1];
  if (token === undefined || token === '') return undefined;
  const ws = scheme.toLowerCase() === 'https' ? 'wss' : 'ws';
  return `${ws}://${host}${BRIDGE_PATH}?token=${token}`;
}
