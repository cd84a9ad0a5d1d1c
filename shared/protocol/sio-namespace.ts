// A Socket.IO namespace and what its CONNECT carries (docs/protocol.md §2.5): the server's answer names
// the socket's `sid` (protocol v5) and, where connection-state recovery is on (socket.io ≥4.6), its
// `pid`; a client that reconnects to recover offers the `{pid, offset}` it last had in its auth.
import type { Json } from '../record';

/**
 * The namespace a packet belongs to. A v4 client CONNECT carries its query in the name
 * (`/admin?token=1`) while the server answers `/admin`, so the query is not part of it.
 */
export function namespaceOf(nsp: string): string {
  const q = nsp.indexOf('?');
  return q === -1 ? nsp : nsp.slice(0, q);
}

/** The socket id a v5 server's CONNECT answer hands out. */
export function connectSid(data: Json | undefined): string | undefined {
  return stringField(data, 'sid');
}

/** The recovery id a CONNECT payload names: the server's, or the one a recovering client offers. */
export function connectPid(data: Json | undefined): string | undefined {
  return stringField(data, 'pid');
}

/** The pid a client's CONNECT offers to recover: socket.io-client puts `{pid, offset}` in its auth. */
export function offeredPid(data: Json | undefined): string | undefined {
  return stringField(data, 'offset') === undefined ? undefined : connectPid(data);
}

function stringField(data: Json | undefined, key: string): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
}
