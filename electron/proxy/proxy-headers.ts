// Which headers cross the proxy, and how: everything the client sends reaches the target (cookies,
// authorization, origin, custom headers) with Host naming the target, except the WebSocket handshake
// headers, which each leg negotiates for itself.
import type { IncomingHttpHeaders } from 'node:http';

const UPGRADE_REQUEST_HEADERS = new Set([
  'connection',
  'upgrade',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
]);
const UPGRADE_RESPONSE_HEADERS = new Set([
  'connection',
  'upgrade',
  'sec-websocket-accept',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
]);

/** The client's headers with Host naming the target, not the proxy: virtual hosts route by it. */
export function withTargetHost(rawHeaders: readonly string[], host: string): string[] {
  const headers = [...rawHeaders];
  for (let i = 0; i + 1 < headers.length; i += 2)
    if (headers[i]?.toLowerCase() === 'host') headers[i + 1] = host;
  return headers;
}

/** The client's upgrade request headers that go on to the target. */
export function forwardableUpgradeHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !UPGRADE_REQUEST_HEADERS.has(name)) out[name] = value;
  }
  return out;
}

/** The target's upgrade response headers that go back to the client, as `Name: value` lines. */
export function forwardableUpgradeResponse(rawHeaders: readonly string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    if (!UPGRADE_RESPONSE_HEADERS.has(name.toLowerCase())) lines.push(`${name}: ${rawHeaders[i + 1] ?? ''}`);
  }
  return lines;
}

/** The subprotocols a client offers in its upgrade request. */
export function offeredProtocols(headers: IncomingHttpHeaders): string[] {
  return (headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
