// Checks on single records and frames that belong to no particular exchange: what could not be
// decoded, packets from the wrong side, packets after the close, client frames over maxPayload, and
// transport errors.
import type { Direction, LifecycleRecord, PacketRecord, SessionRecord } from '../record';
import { isLifecycle } from '../record';
import { finding, FindingLog, type Finding, type FindingCounts } from './findings';
import { other, side } from './packets';

export interface WireCheckOptions {
  /** From the handshake; null (v3, python-engineio) skips the size check. */
  readonly maxPayload: number | null;
}

/**
 * - DECODE_ERROR: one per record with `error`, packet or unreadable input line.
 * - PACKET_DIRECTION: open and noop come only from the server, upgrade only from the client
 *   (docs/protocol.md §1.1).
 * - PACKET_AFTER_CLOSE: any packet after a `closed` record, or from a side after its own Engine.IO close
 *   packet. The other side's packets are not held to that close: its close or noop is how the closing
 *   exchange ends (§1.6), and anything else was on its way before the close reached it (a server ping
 *   crossing the client's close). One finding, at the first.
 * - PAYLOAD_TOO_LARGE: a client frame whose packets add up to more than maxPayload. maxPayload is the
 *   server's receive limit, so server frames are not held to it. The records of one frame are adjacent
 *   among the client's records (the decoder emits a frame's packets together).
 * - TRANSPORT_ERROR: one per transport-error record.
 */
export function checkWire(records: readonly SessionRecord[], options: WireCheckOptions): readonly Finding[] {
  const checker = new WireChecker(options);
  for (const record of records) checker.push(record);
  return checker.finish();
}

type Closer =
  { readonly by: Direction; readonly frame: number } | { readonly by: 'closed'; readonly t: number };

const SERVER_ONLY = new Set(['open', 'noop']);
const CLIENT_ONLY = new Set(['upgrade']);

/** checkWire one record at a time, for analyses that fold records as they pass. */
export class WireChecker {
  private readonly findings = new FindingLog();
  /** The `closed` record, once seen: nothing may follow it. */
  private closed: Closer | null = null;
  /** Each side's own close packet: that side sends nothing after it. */
  private readonly closePackets = new Map<Direction, Closer>();
  private afterClose: {
    readonly frame: number;
    readonly type: string;
    readonly after: Closer;
    count: number;
  } | null = null;
  /** The client frame being summed. */
  private frame: { readonly frame: number; bytes: number; packets: number } | null = null;

  constructor(private readonly options: WireCheckOptions) {}

  push(record: SessionRecord): void {
    if (isLifecycle(record)) this.lifecycle(record);
    else this.packet(record);
  }

  lifecycle(r: LifecycleRecord): void {
    if (r.error !== undefined) {
      const where = r.line === undefined ? '' : ` (input line ${r.line})`;
      this.findings.push(
        finding('DECODE_ERROR', r.frame ?? null, `${r.error.message}${where} [${r.error.code}]`),
      );
    }
    if (r.event === 'transport-error') {
      this.findings.push(
        finding('TRANSPORT_ERROR', r.frame ?? null, `transport error: ${r.message ?? 'no message'}`),
      );
    }
    if (r.event === 'closed' && this.closed === null) this.closed = { by: 'closed', t: r.t };
  }

  packet(p: PacketRecord): void {
    if (p.error !== undefined) {
      this.findings.push(finding('DECODE_ERROR', p.frame, `${p.error.message} [${p.error.code}]`));
    }
    const type = p.eio?.type;
    if (type !== undefined && (p.dir === 'out' ? SERVER_ONLY : CLIENT_ONLY).has(type)) {
      const message = `${side(p.dir)} sent ${type}; only the ${side(other(p.dir))} sends it`;
      this.findings.push(finding('PACKET_DIRECTION', p.frame, message));
    }
    this.checkClosed(p);
    if (p.dir === 'out') this.addToFrame(p);
  }

  /** Findings counted but not listed, once finished. */
  omitted(): FindingCounts {
    return this.findings.omitted();
  }

  finish(): readonly Finding[] {
    this.endFrame();
    const { afterClose } = this;
    if (afterClose !== null) {
      const closer = afterClose.after;
      const what =
        closer.by === 'closed'
          ? `the connection closed at t=${closer.t}`
          : `the ${side(closer.by)}'s close packet at frame ${closer.frame}`;
      const n = afterClose.count === 1 ? '1 packet' : `${afterClose.count} packets`;
      const message = `${n} after ${what} (first: ${afterClose.type} at frame ${afterClose.frame})`;
      this.findings.push(finding('PACKET_AFTER_CLOSE', afterClose.frame, message));
    }
    return this.findings.list;
  }

  private checkClosed(p: PacketRecord): void {
    const type = p.eio?.type;
    const closer = this.closed ?? this.closePackets.get(p.dir) ?? null;
    if (closer === null) {
      if (type === 'close') this.closePackets.set(p.dir, { by: p.dir, frame: p.frame });
      return;
    }
    if (this.afterClose === null) {
      this.afterClose = { frame: p.frame, type: type ?? 'undecodable packet', after: closer, count: 1 };
    } else this.afterClose.count++;
  }

  private addToFrame(p: PacketRecord): void {
    if (this.frame?.frame !== p.frame) {
      this.endFrame();
      this.frame = { frame: p.frame, bytes: 0, packets: 0 };
    }
    this.frame.bytes += p.size;
    this.frame.packets++;
  }

  private endFrame(): void {
    const { frame } = this;
    const { maxPayload } = this.options;
    this.frame = null;
    if (frame === null || maxPayload === null || !(frame.bytes > maxPayload)) return;
    const packets = frame.packets === 1 ? '' : ` (${frame.packets} packets)`;
    const message = `client frame of ${frame.bytes} bytes${packets} exceeds maxPayload ${maxPayload} bytes`;
    this.findings.push(finding('PAYLOAD_TOO_LARGE', frame.frame, message));
  }
}
