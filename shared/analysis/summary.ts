// Everything the analyses say about a connection, and the `--summary` record built from it (README.md,
// "Records"). The summary's field names are a contract tools read: add fields, never rename.
import type { EioVersion, Json, SessionRecord, Transport } from '../record';
import { isLifecycle } from '../record';
import { compareConnections } from '../connection-order';
import { MAX_ANALYSED_CONNECTIONS, MAX_ANALYSIS_HELD_RECORDS } from '../limits';
import { AckMatcher, type AckAnalysis, type AckSummary } from './acks';
import { closeAt, CloseTracker, type CloseHistory } from './close';
import { CorsChecker } from './cors';
import { EioVersionDetector, type EioDetection, type EioSource } from '../protocol/version-detect';
import { mergeFindings, type Finding, type FindingCounts } from './findings';
import { HandshakeReader, type HandshakeAnalysis } from './handshake';
import { HeartbeatJudge, type HeartbeatAnalysis, type HeartbeatSummary } from './heartbeat';
import { inferReconnections, ReconnectionMatcher } from './reconnections';
import { NamespaceTracker, type NamespaceRefusal, type NamespaceStatus } from './namespaces';
import { playbackTimes, type PlaybackTimes } from './playback-times';
import { SequenceBuilder, type SequenceAnalysis } from './sequence';
import { analyzeUpgrade, type UpgradeAnalysis } from './upgrade';
import { WireChecker } from './wire-checks';

export type UpgradeSummary = Omit<UpgradeAnalysis, 'findings'>;

export interface ConnectionSummary {
  readonly conn: string;
  readonly eio: EioVersion;
  /** The Engine.IO session id from the handshake. */
  readonly sid: string | null;
  /** The open packet's data as the server sent it. */
  readonly handshake: Json | null;
  /** The transport the session ended on. */
  readonly transport: Transport | null;
  readonly upgrade: UpgradeSummary;
  readonly namespaces: readonly NamespaceStatus[];
  readonly heartbeat: HeartbeatSummary;
  readonly acks: AckSummary;
  readonly closeReason: string | null;
  /**
   * In frame order; findings without a frame last. The first FINDING_EXAMPLES of each code: the rest are
   * counted in `findingsOmitted`.
   */
  readonly findings: readonly Finding[];
  /** Findings found but not listed, by code; absent when every one is listed. */
  readonly findingsOmitted?: FindingCounts;
  /** How `eio` was settled: given by the caller, the decoder's stamp on the records, or evidence in them. */
  readonly eioSource: EioSource;
  /** The connection this one was made to replace after it was lost (a `reconnect` record says so). */
  readonly reconnectOf?: string;
}

export interface SessionSummary {
  readonly connections: readonly ConnectionSummary[];
  /**
   * Records of the connections past the first MAX_ANALYSED_CONNECTIONS (in the order records first
   * name them), which were not analysed; absent when every connection was.
   */
  readonly recordsNotAnalysed?: number;
}

/** The summary plus the detail the app's views draw: sequence steps, heartbeat series, ack pairs. */
export interface ConnectionAnalysis {
  readonly summary: ConnectionSummary;
  readonly handshake: HandshakeAnalysis;
  readonly sequence: SequenceAnalysis;
  readonly heartbeat: HeartbeatAnalysis;
  readonly acks: AckAnalysis;
  /** Every reason for the close the records gave, with when: `closeReason` is the one that stood at the end. */
  readonly close: CloseHistory;
  /** Every namespace refusal with its own reason: `namespaces` keeps only the last one's. */
  readonly refusals: readonly NamespaceRefusal[];
  /** When the connection started and when the frames its findings point at came. */
  readonly times: PlaybackTimes;
}

export interface SummaryOptions {
  /**
   * The Engine.IO version when the caller knows it (`--eio`, the capture's own URL); else each
   * connection's is the one its records were decoded with (detectRecordsEio).
   */
  readonly eio?: EioVersion;
}

/** What a fold says of a connection: its analysis without `times`, which needs its records again. */
export type FoldedAnalysis = Omit<ConnectionAnalysis, 'times'>;

export interface FoldOptions extends SummaryOptions {
  /**
   * How many of a connection's records wait for its version and its open packet before the analyses
   * that are judged against them start without them. The decoder stamps the version on every packet
   * and the open packet comes first, so on real traffic this holds a handful of records; only a
   * connection that never says (no open packet, records without the stamp) is judged on what its first
   * `holdLimit` records said. A SessionFold holds at most `holdLimit` records across its connections:
   * one whose record would go past that is judged then, so a file of many connections that never say
   * cannot make it hold every record. Infinity: wait for the last record, as when the whole list is given;
   * absent: MAX_ANALYSIS_HELD_RECORDS.
   */
  readonly holdLimit?: number;
  /**
   * How many ack pairs each connection lists (AckLimits.pairsKept; ACK_PAIRS_KEPT when absent). A
   * summary alone lists none: its counts and findings cover every request either way.
   */
  readonly ackPairsKept?: number;
  /** Connections analysed at most (MAX_ANALYSED_CONNECTIONS when absent). */
  readonly maxConnections?: number;
}

/** What a summary says of the records it did not analyse (SessionSummary.recordsNotAnalysed). */
export function notAnalysedNote(records: number, maxConnections: number = MAX_ANALYSED_CONNECTIONS): string {
  const count = (n: number): string => n.toLocaleString('en-US');
  return `${count(records)} record${records === 1 ? '' : 's'} of connections past the first ${count(maxConnections)} not analysed`;
}

export function summarizeSession(
  records: Iterable<SessionRecord>,
  options: SummaryOptions = {},
): SessionSummary {
  const fold = new SessionFold({ ...options, holdLimit: Number.POSITIVE_INFINITY });
  for (const record of records) fold.push(record);
  return fold.summary();
}

/** `records` are one connection's, in time order. */
export function summarizeConnection(
  records: readonly SessionRecord[],
  options: SummaryOptions = {},
): ConnectionSummary {
  return analyzeConnection(records, options).summary;
}

/** One analysis per connection, in the order the connections opened (as SessionFold lists them). */
export function analyzeSession(
  records: readonly SessionRecord[],
  options: SummaryOptions = {},
): ConnectionAnalysis[] {
  const byConn = new Map<string, SessionRecord[]>();
  for (const record of records) {
    const list = byConn.get(record.conn);
    if (list === undefined) byConn.set(record.conn, [record]);
    else list.push(record);
  }
  const replaced = inferReconnections(records);
  const connections = [...byConn.entries()].sort(([a], [b]) => compareConnections(a, b));
  return connections.map(([, list]) => {
    const analysis = analyzeConnection(list, options);
    const of = replaced.get(analysis.summary.conn);
    return analysis.summary.reconnectOf !== undefined || of === undefined
      ? analysis
      : { ...analysis, summary: { ...analysis.summary, reconnectOf: of } };
  });
}

export function analyzeConnection(
  records: readonly SessionRecord[],
  options: SummaryOptions = {},
): ConnectionAnalysis {
  const fold = new ConnectionFold({ ...options, holdLimit: Number.POSITIVE_INFINITY });
  for (const record of records) fold.push(record);
  const analysis = fold.finish();
  return { ...analysis, times: playbackTimes(records, analysis.summary.findings) };
}

/**
 * Every connection's analyses, fed one record at a time: what `--summary` keeps of a session is the
 * analyses' state, not its records, so its memory does not grow with the session.
 */
export class SessionFold {
  private readonly folds = new Map<string, ConnectionFold>();
  private readonly reconnections = new ReconnectionMatcher();
  private readonly maxConnections: number;
  private notAnalysed = 0;
  private readonly holdLimit: number;
  /** Records the connections hold, waiting for their version and open packet (FoldOptions.holdLimit). */
  private held = 0;

  constructor(private readonly options: FoldOptions = {}) {
    this.maxConnections = options.maxConnections ?? MAX_ANALYSED_CONNECTIONS;
    this.holdLimit = options.holdLimit ?? MAX_ANALYSIS_HELD_RECORDS;
  }

  /** Records held by the connections, waiting: at most `holdLimit` in all. */
  get holding(): number {
    return this.held;
  }

  /** Records of connections past the first `maxConnections`, not analysed. */
  get recordsNotAnalysed(): number {
    return this.notAnalysed;
  }

  push(record: SessionRecord): void {
    let fold = this.folds.get(record.conn);
    if (fold === undefined) {
      if (this.folds.size >= this.maxConnections) {
        this.notAnalysed++;
        return;
      }
      fold = new ConnectionFold(this.options);
      this.folds.set(record.conn, fold);
    }
    const before = fold.holding;
    fold.push(record);
    this.held += fold.holding - before;
    if (this.held > this.holdLimit) {
      this.held -= fold.holding;
      fold.judgeNow();
    }
    const of = this.reconnections.push(record);
    if (of !== undefined) fold.replaces(of);
  }

  /** In the order the connections opened (connection-order.ts), as the app lists them. */
  analyses(): FoldedAnalysis[] {
    return [...this.folds.entries()]
      .sort(([a], [b]) => compareConnections(a, b))
      .map(([, fold]) => fold.finish());
  }

  summary(): SessionSummary {
    return {
      connections: this.analyses().map((a) => a.summary),
      ...(this.notAnalysed > 0 && { recordsNotAnalysed: this.notAnalysed }),
    };
  }
}

/** The analyses judged against the connection's version and handshake, once those are known. */
interface Judges {
  readonly version: EioDetection;
  readonly heartbeat: HeartbeatJudge;
  readonly namespaces: NamespaceTracker;
  readonly wire: WireChecker;
}

/** One connection's analyses, fed its records one at a time in time order. */
export class ConnectionFold {
  private readonly detector = new EioVersionDetector();
  private readonly handshake = new HandshakeReader();
  private readonly sequence = new SequenceBuilder();
  private readonly close = new CloseTracker();
  private readonly acks: AckMatcher;
  private readonly cors = new CorsChecker();
  /** Records waiting for the version and the open packet; null once the judges run. */
  private held: SessionRecord[] | null = [];
  private judges: Judges | null = null;
  private conn: string | null = null;
  private reconnectOf: string | undefined;
  private lastTransport: Transport | null = null;
  private readonly holdLimit: number;

  constructor(private readonly options: FoldOptions = {}) {
    this.holdLimit = options.holdLimit ?? MAX_ANALYSIS_HELD_RECORDS;
    const { ackPairsKept } = options;
    this.acks = new AckMatcher(ackPairsKept === undefined ? {} : { pairsKept: ackPairsKept });
  }

  push(record: SessionRecord): void {
    if (this.conn === null) {
      this.conn = record.conn;
      // A reconnection's first record says which connection it replaces.
      if (isLifecycle(record) && record.event === 'reconnect') this.reconnectOf = record.reconnectOf;
    }
    if (!isLifecycle(record)) this.lastTransport = record.transport;
    this.detector.pushRecord(record);
    this.handshake.push(record);
    this.sequence.push(record);
    this.close.push(record);
    this.acks.push(record);
    this.cors.push(record);
    const { judges } = this;
    if (judges !== null) {
      judges.heartbeat.push(record);
      judges.namespaces.push(record);
      judges.wire.push(record);
      return;
    }
    const held = this.held ?? [];
    held.push(record);
    this.held = held;
    const versionKnown = this.options.eio !== undefined || this.detector.settled;
    if ((versionKnown && this.handshake.settled) || held.length >= this.holdLimit) this.judge();
  }

  /** Records held waiting for the version and the open packet. */
  get holding(): number {
    return this.held?.length ?? 0;
  }

  /** Stops waiting: the analyses judge the records held, and the next ones, on what is known now. */
  judgeNow(): void {
    this.judge();
  }

  /**
   * What a recovering CONNECT shows this connection replaces (reconnections.ts), when its first record
   * did not say so already.
   */
  replaces(conn: string): void {
    this.reconnectOf ??= conn;
  }

  finish(): FoldedAnalysis {
    const { version, heartbeat: hb, namespaces: ns, wire: wj } = this.judge();
    const handshake = this.handshake.result();
    const sequence = this.sequence.result();
    const upgrade = analyzeUpgrade(sequence, handshake.handshake, this.close.clientEnd);
    const namespaces = ns.finish();
    const heartbeat = hb.finish();
    const acks = this.acks.finish();
    const wire = wj.finish();
    const close = this.close.history();
    const { findings: _upgradeFindings, ...upgradeSummary } = upgrade;
    const { findings, omitted } = mergeFindings([
      handshake,
      { findings: wire, omitted: wj.omitted() },
      upgrade,
      { findings: namespaces.findings, omitted: namespaces.findingsOmitted },
      { findings: heartbeat.findings, omitted: heartbeat.findingsOmitted },
      { findings: acks.findings, omitted: acks.findingsOmitted },
      { findings: this.cors.finish(handshake.open?.frame ?? null) },
    ]);
    const summary: ConnectionSummary = {
      conn: this.conn ?? '',
      eio: version.eio,
      sid: handshake.handshake?.sid ?? null,
      handshake: handshake.raw,
      transport: upgrade.completed ? 'websocket' : (handshake.open?.transport ?? this.lastTransport),
      upgrade: upgradeSummary,
      namespaces: namespaces.namespaces,
      heartbeat: heartbeat.summary,
      acks: acks.summary,
      closeReason: closeAt(close, Number.POSITIVE_INFINITY).reason,
      findings,
      ...(Object.keys(omitted).length > 0 && { findingsOmitted: omitted }),
      eioSource: version.source,
      ...(this.reconnectOf !== undefined && { reconnectOf: this.reconnectOf }),
    };
    return { summary, handshake, sequence, heartbeat, acks, close, refusals: namespaces.refusals };
  }

  /** Starts the judges on what is known now and hands them the records held so far. */
  private judge(): Judges {
    if (this.judges !== null) return this.judges;
    const version: EioDetection =
      this.options.eio === undefined ? this.detector.result() : { eio: this.options.eio, source: 'explicit' };
    const { eio } = version;
    const handshake = this.handshake.result();
    const judges: Judges = {
      version,
      heartbeat: new HeartbeatJudge({ eio, handshake }),
      namespaces: new NamespaceTracker({ eio, sid: handshake.handshake?.sid ?? null }),
      wire: new WireChecker({ maxPayload: handshake.handshake?.maxPayload ?? null }),
    };
    for (const record of this.held ?? []) {
      judges.heartbeat.push(record);
      judges.namespaces.push(record);
      judges.wire.push(record);
    }
    this.held = null;
    this.judges = judges;
    return judges;
  }
}
