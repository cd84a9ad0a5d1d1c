// Which earlier connection a connection replaces, when no `reconnect` record says so: a client that
// reconnects with connection-state recovery (socket.io ≥4.6, docs/protocol.md §2.5) offers, in its
// CONNECT, the pid that the server of its lost connection handed out for that namespace. That is how a
// real socket.io-client's reconnection shows through the proxy, in a HAR, or in decoded frames.
import { OldestFirst } from '../oldest-first';
import { isLifecycle, type SessionRecord } from '../record';
import { connectPid, namespaceOf, offeredPid } from '../protocol/sio-namespace';

/** Pids remembered at most: one per namespace CONNECT answer, the oldest forgotten first. */
const MAX_PIDS = 10_000;

export class ReconnectionMatcher {
  /** `<nsp> <pid>` → the connection whose server last handed that pid out. */
  private readonly holders = new Map<string, string>();
  private readonly oldest = new OldestFirst(() => this.holders.keys());

  /** The connection that `record` shows its own connection replaces, when it is a CONNECT that says so. */
  push(record: SessionRecord): string | undefined {
    if (isLifecycle(record) || record.sio?.type !== 'CONNECT') return undefined;
    const { sio } = record;
    if (record.dir === 'in') {
      const pid = connectPid(sio.data);
      if (pid !== undefined) this.hold(`${namespaceOf(sio.nsp)} ${pid}`, record.conn);
      return undefined;
    }
    const pid = offeredPid(sio.data);
    if (pid === undefined) return undefined;
    const holder = this.holders.get(`${namespaceOf(sio.nsp)} ${pid}`);
    return holder === record.conn ? undefined : holder;
  }

  private hold(key: string, conn: string): void {
    // Re-inserted so that the order of the map is the order of the answers.
    this.holders.delete(key);
    this.holders.set(key, conn);
    if (this.holders.size > MAX_PIDS) {
      const oldest = this.oldest.take();
      if (oldest !== undefined) this.holders.delete(oldest);
    }
  }
}

/** Every connection of `records` (in time order) that a recovering CONNECT shows replaces another. */
export function inferReconnections(records: Iterable<SessionRecord>): Map<string, string> {
  const matcher = new ReconnectionMatcher();
  const replaced = new Map<string, string>();
  for (const record of records) {
    const of = matcher.push(record);
    if (of !== undefined && !replaced.has(record.conn)) replaced.set(record.conn, of);
  }
  return replaced;
}
