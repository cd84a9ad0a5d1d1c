// Connections in the order they opened. Every producer names them c1, c2, … as they open (the engine,
// the proxy, a browser recording, a HAR), but the order in which records first mention them can differ:
// a browser reports a WebSocket's handshake before the body of a polling handshake the page sent
// first. Listing connections by their ids keeps c1 before c2, and c9 before c10, however records came.

const NUMERIC = new Intl.Collator('en', { numeric: true });

/** Sorts connection ids (`conn`) as they opened: numbers within them compare as numbers. */
export function compareConnections(a: string, b: string): number {
  return NUMERIC.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
