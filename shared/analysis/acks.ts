// Acknowledgements in both directions: an EVENT with an id asks the other side for an ACK with the same
// namespace and id (docs/protocol.md §2.1–2.3). The client asks (its emit callback) and the server asks (the
// inspector answers by hand); both are paired, timed, and checked for answers that are missing, doubled
// or unasked for.
import { jsonPreview } from '../json-preview';
import type { Direction, PacketRecord, SessionRecord, SioField } from '../record';
import { isLifecycle } from '../record';
import { finding, type Finding } from './findings';
import { ms, namespaceOf, other, side } from './packets';
import { stats, type Stats, elapsed } from './stats';

export interface AckPair {
  /** Who sent the EVENT with the id, i.e. who waits for the ACK. */
  readonly requestedBy: 'client' | 'server';
  readonly nsp: string;
  readonly id: number;
  readonly event: string | number | null;
  readonly t: number;
  readonly frame: number;
  readonly ackT: number | null;
  readonly ackFrame: number | null;
  readonly latencyMs: number | null;
  /** Frames of every ACK after the first for this request. */
  readonly duplicateFrames: readonly number[];
  /** The request's arguments, as a short line (the event name aside). */
  readonly args: string;
  /** The first ACK's arguments, as a short line; null while unanswered. */
  readonly answer: string | null;
}

/** How long an argument preview may be: a table cell's worth. */
export const ARGS_PREVIEW_CHARS = 160;

export interface AckCounts {
  readonly requested: number;
  readonly answered: number;
  readonly latencyMs: Stats;
}

export interface AckSummary {
  /** Client emits that asked for an ack, how many got one, and how fast (the summary contract). */
  readonly sent: number;
  readonly answered: number;
  readonly latencyMs: Stats;
  /** The same for acks the server asked for. */
  readonly fromServer: AckCounts;
  /** Requests never answered, extra ACKs, and ACKs nobody asked for, both directions together. */
  readonly unanswered: number;
  readonly duplicates: number;
  readonly unknown: number;
}

export interface AckAnalysis {
  /** In request order. */
  readonly pairs: readonly AckPair[];
  readonly summary: AckSummary;
  readonly findings: readonly Finding[];
}

export function analyzeAcks(records: readonly SessionRecord[]): AckAnalysis {
  const matcher = new AckMatcher();
  for (const record of records) matcher.push(record);
  return matcher.finish();
}

/**
 * The counts over `pairs` (as they stand: playback counts the ones up to its playhead), `unknown` ACKs aside.
 */
export function summarizeAcks(pairs: readonly AckPair[], unknown: number): AckSummary {
  const client = { requested: 0, answered: 0, latencies: [] as number[] };
  const server = { requested: 0, answered: 0, latencies: [] as number[] };
  let unanswered = 0;
  let duplicates = 0;
  for (const pair of pairs) {
    const tally = pair.requestedBy === 'client' ? client : server;
    tally.requested++;
    duplicates += pair.duplicateFrames.length;
    if (pair.latencyMs === null) unanswered++;
    else {
      tally.answered++;
      tally.latencies.push(pair.latencyMs);
    }
  }
  return {
    sent: client.requested,
    answered: client.answered,
    latencyMs: stats(client.latencies),
    fromServer: {
      requested: server.requested,
      answered: server.answered,
      latencyMs: stats(server.latencies),
    },
    unanswered,
    duplicates,
    unknown,
  };
}

interface Pair {
  requestedBy: 'client' | 'server';
  nsp: string;
  id: number;
  event: string | number | null;
  t: number;
  frame: number;
  ackT: number | null;
  ackFrame: number | null;
  latencyMs: number | null;
  duplicateFrames: number[];
  args: string;
  answer: string | null;
}

/** analyzeAcks one record at a time, for analyses that fold records as they pass. */
export class AckMatcher {
  private readonly pairs: Pair[] = [];
  private lastT: number | null = null;
  private readonly findings: Finding[] = [];
  /** Per requesting side: namespace → ack id → index in `pairs` of the latest request with that id. */
  private readonly open: Record<Direction, Map<string, Map<number, number>>> = {
    in: new Map(),
    out: new Map(),
  };
  private unknown = 0;

  push(record: SessionRecord): void {
    this.lastT = record.t;
    if (!isLifecycle(record) && record.sio !== undefined) this.packet(record, record.sio);
  }

  packet(p: PacketRecord, sio: SioField): void {
    const isRequest = sio.type === 'EVENT' || sio.type === 'BINARY_EVENT';
    const isAck = sio.type === 'ACK' || sio.type === 'BINARY_ACK';
    if (isRequest && sio.id !== undefined) this.request(p, sio, sio.id);
    else if (isAck) this.ack(p, sio);
  }

  finish(): AckAnalysis {
    const { lastT } = this;
    for (const pair of this.pairs) {
      if (pair.latencyMs !== null) continue;
      const event = pair.event === null ? '' : ` for ${JSON.stringify(pair.event)}`;
      const waited = lastT === null ? '' : ` (${ms(lastT - pair.t)} until the end of the records)`;
      this.findings.push(
        finding(
          'ACK_UNANSWERED',
          pair.frame,
          `${pair.requestedBy} asked for ack ${pair.id}${event} on ${pair.nsp}; no ACK came${waited}`,
        ),
      );
    }
    return { pairs: this.pairs, summary: summarizeAcks(this.pairs, this.unknown), findings: this.findings };
  }

  private request(p: PacketRecord, sio: SioField, id: number): void {
    const nsp = namespaceOf(sio.nsp);
    const ids = this.ids(p.dir, nsp);
    const previous = this.pair(ids.get(id));
    if (previous !== undefined && previous.ackFrame === null) {
      // The asker keeps one callback per id, so the earlier request can no longer be answered.
      const message = `${side(p.dir)} reused ack id ${id} on ${nsp} while the request at frame ${previous.frame} was unanswered`;
      this.findings.push(finding('ACK_ID_REUSED', p.frame, message));
    }
    ids.set(id, this.pairs.length);
    this.pairs.push({
      requestedBy: side(p.dir),
      nsp,
      id,
      event: sio.event ?? null,
      t: p.t,
      frame: p.frame,
      ackT: null,
      ackFrame: null,
      latencyMs: null,
      duplicateFrames: [],
      args: jsonPreview(sio.args ?? [], ARGS_PREVIEW_CHARS),
      answer: null,
    });
  }

  private ack(p: PacketRecord, sio: SioField): void {
    const nsp = namespaceOf(sio.nsp);
    const asker = other(p.dir);
    const pair = sio.id === undefined ? undefined : this.pair(this.ids(asker, nsp).get(sio.id));
    if (pair === undefined) {
      this.unknown++;
      const what = sio.id === undefined ? 'an ACK without an id' : `ACK ${sio.id}`;
      const message = `${side(p.dir)} sent ${what} on ${nsp}, but the ${side(asker)} never asked for it`;
      this.findings.push(finding('ACK_UNKNOWN', p.frame, message));
      return;
    }
    if (pair.ackFrame !== null) {
      pair.duplicateFrames.push(p.frame);
      const message = `${side(p.dir)} answered ack ${pair.id} on ${nsp} again (first ACK at frame ${pair.ackFrame})`;
      this.findings.push(finding('ACK_DUPLICATE', p.frame, message));
      return;
    }
    Object.assign(pair, {
      ackT: p.t,
      ackFrame: p.frame,
      latencyMs: elapsed(pair.t, p.t),
      answer: jsonPreview(sio.args ?? [], ARGS_PREVIEW_CHARS),
    });
  }

  /** Never indexes with -1: a negative index is a named-property miss that V8 handles slowly. */
  private pair(index: number | undefined): Pair | undefined {
    return index === undefined ? undefined : this.pairs[index];
  }

  private ids(dir: Direction, nsp: string): Map<number, number> {
    let ids = this.open[dir].get(nsp);
    if (ids === undefined) {
      ids = new Map();
      this.open[dir].set(nsp, ids);
    }
    return ids;
  }
}
