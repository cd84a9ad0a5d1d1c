// Connection-state recovery (socket.io ≥4.6, docs/protocol.md §2.5): a recovering server appends an offset to
// every EVENT it sends that asks no ack, as the last argument, so a reconnecting client can say where it
// stopped. Nothing in the packet says so; what tells is the CONNECT: the server's answer carries a `pid`,
// or the client's offers one to recover (and then the missed events come before the server's answer).
// This marks those arguments as `sio.offset`, per namespace of one connection, in record order.
import { isLifecycle, type SessionRecord } from '../record';
import { connectPid, namespaceOf } from './sio-namespace';

export class RecoveryOffsets {
  /** Namespaces whose server appends offsets; made at the first (most connections never recover). */
  private recovering: Set<string> | null = null;

  /** Marks the offset of every server event in `records` from `from` on. */
  mark(records: SessionRecord[], from: number): void {
    for (let i = from; i < records.length; i++) {
      const record = records[i];
      if (record === undefined || isLifecycle(record) || record.sio === undefined) continue;
      const sio = record.sio;
      const nsp = namespaceOf(sio.nsp);
      if (sio.type === 'CONNECT') {
        const pid = connectPid(sio.data);
        if (pid !== undefined) (this.recovering ??= new Set()).add(nsp);
        else if (record.dir === 'in') this.recovering?.delete(nsp);
        continue;
      }
      if (record.dir !== 'in' || (sio.type !== 'EVENT' && sio.type !== 'BINARY_EVENT')) continue;
      if (sio.id !== undefined || this.recovering?.has(nsp) !== true) continue;
      const last = sio.args?.[sio.args.length - 1];
      if (typeof last === 'string') (sio as { offset?: string }).offset = last;
    }
  }
}
