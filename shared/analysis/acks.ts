// Acknowledgements in both directions: an EVENT with an id asks the other side for an ACK with the same
// namespace and id (docs/protocol.md §2.1–2.3). The client asks (its emit callback) and the server asks (the
// inspector answers by hand); both are paired, timed, and checked for answers that are missing, doubled
// or unasked for.
import { jsonPreview } from '../json-preview';
import type { Direction, PacketRecord, SessionRecord, SioField } from '../record';
import { isLifecycle } from '../record';
import { finding, FINDING_EXAMPLES, FindingLog, type Finding, type FindingCounts } from './findings';
import { namespaceOf } from '../protocol/sio-namespace';
import { ms, other, side } from './packets';
import { elapsed, stats, StatsFold, type Stats } from './stats';

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
  /** In request order: the latest `pairsKept` requests (AckLimits), as a live view wants them. */
  readonly pairs: readonly AckPair[];
  /** Requests before the first listed pair: counted in `summary` and judged in `findings`, not listed. */
  readonly pairsOmitted: number;
  readonly summary: AckSummary;
  readonly findings: readonly Finding[];
  /** Findings counted but not listed (FINDING_EXAMPLES of each code are). */
  readonly findingsOmitted: FindingCounts;
}

export interface AckLimits {
  /** How many requests are listed as pairs; the counts and findings cover every request either way. */
  readonly pairsKept?: number;
}

/**
 * Ack pairs an analysis lists, the latest ones: the Acks view draws each as a table row and the Emit tab
 * looks up its own emits among them; a session of millions of acks would otherwise hold (and send to
 * the page) a pair with two argument lines for each.
 */
export const ACK_PAIRS_KEPT = 2000;

/** Answered ids whose ACK frame is remembered beyond the listed pairs, for a duplicate's message. */
const RECENT_ANSWERED = 1024;

export function analyzeAcks(records: readonly SessionRecord[], limits: AckLimits = {}): AckAnalysis {
  const matcher = new AckMatcher(limits);
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

/** A request waiting for its ACK: its listed pair, or (past the listed ones) what its finding names. */
interface Pending {
  readonly requestedBy: 'client' | 'server';
  readonly nsp: string;
  readonly id: number;
  readonly event: string | number | null;
  readonly t: number;
  readonly frame: number;
  readonly pair: Pair | undefined;
}

/**
 * One side's ack ids on one namespace. An id's latest request is pending or answered; an answered one
 * is remembered with its pair while listed, with its ACK frame while recent, and as a bare id after
 * that (ids count up, so the answered ones are a few ranges): enough to tell a duplicate ACK from an
 * unknown one at any distance without holding every pair.
 */
class AckIds {
  readonly pending = new Map<number, Pending>();
  readonly listed = new Map<number, Pair>();
  readonly recent = new Map<number, number>();
  readonly older = new IdRanges();

  /** A new request for `id`: what its earlier request's answer was no longer counts. */
  requested(id: number, pending: Pending): void {
    this.pending.set(id, pending);
    this.listed.delete(id);
    this.recent.delete(id);
  }

  answered(id: number, pending: Pending, ackFrame: number): void {
    this.pending.delete(id);
    if (pending.pair !== undefined) this.listed.set(id, pending.pair);
    else this.remember(id, ackFrame);
  }

  remember(id: number, ackFrame: number): void {
    this.recent.set(id, ackFrame);
    if (this.recent.size <= RECENT_ANSWERED) return;
    // Maps iterate in insertion order: the first key is the oldest answer.
    const [oldest] = this.recent.keys();
    if (oldest === undefined) return;
    this.recent.delete(oldest);
    this.older.add(oldest);
  }
}

/** analyzeAcks one record at a time, for analyses that fold records as they pass. */
export class AckMatcher {
  /** The listed pairs are pairs[pairsFrom..]: older ones leave from the front, a batch at a time. */
  private pairs: Pair[] = [];
  private pairsFrom = 0;
  private readonly pairsKept: number;
  private requests = 0;
  private lastT: number | null = null;
  private readonly findings = new FindingLog();
  /** Per requesting side: namespace → its ack ids. */
  private readonly open: Record<Direction, Map<string, AckIds>> = { in: new Map(), out: new Map() };
  /** Requests whose id was asked again before an ACK came: never answerable; the first listed. */
  private readonly orphans: Pending[] = [];
  private orphansOmitted = 0;
  private readonly tally = { client: new AckTally(), server: new AckTally() };
  private duplicates = 0;
  private unknown = 0;

  constructor(limits: AckLimits = {}) {
    this.pairsKept = limits.pairsKept ?? ACK_PAIRS_KEPT;
  }

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
    const waiting: Pending[] = [...this.orphans];
    for (const byNsp of [this.open.in, this.open.out])
      for (const ids of byNsp.values()) for (const pending of ids.pending.values()) waiting.push(pending);
    // Frame order, as the requests came (frames count up within a connection).
    waiting.sort((a, b) => a.frame - b.frame || a.t - b.t);
    const { lastT } = this;
    for (const pending of waiting) {
      if (!this.findings.listing('ACK_UNANSWERED')) {
        this.findings.count('ACK_UNANSWERED');
        continue;
      }
      const event = pending.event === null ? '' : ` for ${JSON.stringify(pending.event)}`;
      const waited = lastT === null ? '' : ` (${ms(lastT - pending.t)} until the end of the records)`;
      this.findings.push(
        finding(
          'ACK_UNANSWERED',
          pending.frame,
          `${pending.requestedBy} asked for ack ${pending.id}${event} on ${pending.nsp}; no ACK came${waited}`,
        ),
      );
    }
    const findingsOmitted = this.findings.omitted();
    if (this.orphansOmitted > 0)
      findingsOmitted.ACK_UNANSWERED = (findingsOmitted.ACK_UNANSWERED ?? 0) + this.orphansOmitted;
    const { client, server } = this.tally;
    const summary: AckSummary = {
      sent: client.requested,
      answered: client.answered,
      latencyMs: client.latencies.result(),
      fromServer: {
        requested: server.requested,
        answered: server.answered,
        latencyMs: server.latencies.result(),
      },
      unanswered: waiting.length + this.orphansOmitted,
      duplicates: this.duplicates,
      unknown: this.unknown,
    };
    return {
      pairs: this.listedPairs(),
      pairsOmitted: this.requests - (this.pairs.length - this.pairsFrom),
      summary,
      findings: this.findings.list,
      findingsOmitted,
    };
  }

  private request(p: PacketRecord, sio: SioField, id: number): void {
    const nsp = namespaceOf(sio.nsp);
    const ids = this.ids(p.dir, nsp);
    const previous = ids.pending.get(id);
    if (previous !== undefined) {
      // The asker keeps one callback per id, so the earlier request can no longer be answered.
      if (this.findings.listing('ACK_ID_REUSED')) {
        const message = `${side(p.dir)} reused ack id ${id} on ${nsp} while the request at frame ${previous.frame} was unanswered`;
        this.findings.push(finding('ACK_ID_REUSED', p.frame, message));
      } else this.findings.count('ACK_ID_REUSED');
      if (this.orphans.length < FINDING_EXAMPLES) this.orphans.push(previous);
      else this.orphansOmitted++;
    }
    const requestedBy = side(p.dir);
    this.requests++;
    this.tally[requestedBy].requested++;
    const event = sio.event ?? null;
    let pair: Pair | undefined;
    if (this.pairsKept > 0) {
      pair = {
        requestedBy,
        nsp,
        id,
        event,
        t: p.t,
        frame: p.frame,
        ackT: null,
        ackFrame: null,
        latencyMs: null,
        duplicateFrames: [],
        args: jsonPreview(sio.args ?? [], ARGS_PREVIEW_CHARS),
        answer: null,
      };
      this.pairs.push(pair);
    }
    ids.requested(id, { requestedBy, nsp, id, event, t: p.t, frame: p.frame, pair });
    if (this.pairs.length - this.pairsFrom > this.pairsKept) this.unlist();
  }

  /** The oldest listed pair is listed no more: its id is remembered the way unlisted ones are. */
  private unlist(): void {
    const pair = this.pairs[this.pairsFrom];
    if (pair === undefined) return;
    this.pairsFrom++;
    const ids = this.open[pair.requestedBy === 'client' ? 'out' : 'in'].get(pair.nsp);
    const pending = ids?.pending.get(pair.id);
    if (pending?.pair === pair) ids?.pending.set(pair.id, { ...pending, pair: undefined });
    else if (ids?.listed.get(pair.id) === pair && pair.ackFrame !== null) {
      ids.listed.delete(pair.id);
      ids.remember(pair.id, pair.ackFrame);
    }
    if (this.pairsFrom >= this.pairsKept) {
      this.pairs = this.pairs.slice(this.pairsFrom);
      this.pairsFrom = 0;
    }
  }

  private listedPairs(): Pair[] {
    if (this.pairsFrom > 0) {
      this.pairs = this.pairs.slice(this.pairsFrom);
      this.pairsFrom = 0;
    }
    return this.pairs;
  }

  private ack(p: PacketRecord, sio: SioField): void {
    const nsp = namespaceOf(sio.nsp);
    const asker = other(p.dir);
    const ids = sio.id === undefined ? undefined : this.open[asker].get(nsp);
    const id = sio.id ?? -1;
    const pending = ids?.pending.get(id);
    if (ids !== undefined && pending !== undefined) {
      const latencyMs = elapsed(pending.t, p.t);
      const tally = this.tally[pending.requestedBy];
      tally.answered++;
      tally.latencies.push(latencyMs);
      ids.answered(id, pending, p.frame);
      if (pending.pair !== undefined)
        Object.assign(pending.pair, {
          ackT: p.t,
          ackFrame: p.frame,
          latencyMs,
          answer: jsonPreview(sio.args ?? [], ARGS_PREVIEW_CHARS),
        });
      return;
    }
    const listed = ids?.listed.get(id);
    const firstFrame = listed?.ackFrame ?? ids?.recent.get(id);
    if (ids !== undefined && (firstFrame !== undefined || ids.older.has(id))) {
      this.duplicates++;
      listed?.duplicateFrames.push(p.frame);
      if (!this.findings.listing('ACK_DUPLICATE')) return this.findings.count('ACK_DUPLICATE');
      const first =
        firstFrame === undefined || firstFrame === null ? '' : ` (first ACK at frame ${firstFrame})`;
      const message = `${side(p.dir)} answered ack ${id} on ${nsp} again${first}`;
      this.findings.push(finding('ACK_DUPLICATE', p.frame, message));
      return;
    }
    this.unknown++;
    if (!this.findings.listing('ACK_UNKNOWN')) return this.findings.count('ACK_UNKNOWN');
    const what = sio.id === undefined ? 'an ACK without an id' : `ACK ${sio.id}`;
    const message = `${side(p.dir)} sent ${what} on ${nsp}, but the ${side(asker)} never asked for it`;
    this.findings.push(finding('ACK_UNKNOWN', p.frame, message));
  }

  private ids(dir: Direction, nsp: string): AckIds {
    let ids = this.open[dir].get(nsp);
    if (ids === undefined) {
      ids = new AckIds();
      this.open[dir].set(nsp, ids);
    }
    return ids;
  }
}

/** One side's requests: how many, how many answered, and how fast. */
class AckTally {
  requested = 0;
  answered = 0;
  readonly latencies = new StatsFold();
}

/** A set of integers held as sorted disjoint ranges: ids that count up take one range. */
class IdRanges {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  has(id: number): boolean {
    const i = this.rangeAtOrBefore(id);
    return i >= 0 && id <= (this.ends[i] ?? Number.NEGATIVE_INFINITY);
  }

  add(id: number): void {
    const { starts, ends } = this;
    const i = this.rangeAtOrBefore(id);
    const end = i >= 0 ? (ends[i] ?? Number.NEGATIVE_INFINITY) : Number.NEGATIVE_INFINITY;
    if (id <= end) return;
    const nextStart = starts[i + 1];
    if (id === end + 1) {
      ends[i] = id;
      if (nextStart === id + 1) {
        ends[i] = ends[i + 1] ?? id;
        starts.splice(i + 1, 1);
        ends.splice(i + 1, 1);
      }
    } else if (nextStart === id + 1) starts[i + 1] = id;
    else {
      starts.splice(i + 1, 0, id);
      ends.splice(i + 1, 0, id);
    }
  }

  /** Index of the last range starting at or before `id`; -1 when none does. */
  private rangeAtOrBefore(id: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.starts[mid] ?? 0) <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}
