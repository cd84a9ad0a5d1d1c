// Everything the analyses say about a connection, and the `--summary` record built from it (README.md,
// "Records"). The summary's field names are a contract tools read: add fields, never rename.
import type { EioVersion, Json, SessionRecord, Transport } from '../record';
import { isLifecycle } from '../record';
import { analyzeAcks, type AckAnalysis, type AckSummary } from './acks';
import { clientEnd, closeAt, closeHistory, type CloseHistory } from './close';
import { detectEio, type EioDetection, type EioSource } from './eio-version';
import { sortFindings, type Finding } from './findings';
import { analyzeHandshake, type HandshakeAnalysis } from './handshake';
import { analyzeHeartbeat, type HeartbeatAnalysis, type HeartbeatSummary } from './heartbeat';
import { analyzeNamespaces, type NamespaceRefusal, type NamespaceStatus } from './namespaces';
import { playbackTimes, type PlaybackTimes } from './playback-times';
import { analyzeSequence, type SequenceAnalysis } from './sequence';
import { analyzeUpgrade, type UpgradeAnalysis } from './upgrade';
import { checkWire } from './wire-checks';

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
  /** In frame order; findings without a frame last. */
  readonly findings: readonly Finding[];
  /** How `eio` was settled: given by the caller, the decoder's stamp on the records, or evidence in them. */
  readonly eioSource: EioSource;
}

export interface SessionSummary {
  readonly connections: readonly ConnectionSummary[];
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
   * connection's is the one its records were decoded with (detectEio).
   */
  readonly eio?: EioVersion;
}

export function summarizeSession(
  records: readonly SessionRecord[],
  options: SummaryOptions = {},
): SessionSummary {
  return { connections: analyzeSession(records, options).map((a) => a.summary) };
}

/** `records` are one connection's, in time order. */
export function summarizeConnection(
  records: readonly SessionRecord[],
  options: SummaryOptions = {},
): ConnectionSummary {
  return analyzeConnection(records, options).summary;
}

/** One analysis per connection, in the order the connections first appear. */
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
  return [...byConn.values()].map((list) => analyzeConnection(list, options));
}

export function analyzeConnection(
  records: readonly SessionRecord[],
  options: SummaryOptions = {},
): ConnectionAnalysis {
  const version: EioDetection =
    options.eio === undefined ? detectEio(records) : { eio: options.eio, source: 'explicit' };
  const { eio } = version;
  const handshake = analyzeHandshake(records);
  const sid = handshake.handshake?.sid ?? null;
  const sequence = analyzeSequence(records);
  const upgrade = analyzeUpgrade(sequence, handshake.handshake, clientEnd(records));
  const namespaces = analyzeNamespaces(records, { eio, sid });
  const heartbeat = analyzeHeartbeat(records, { eio, handshake });
  const acks = analyzeAcks(records);
  const wire = checkWire(records, { maxPayload: handshake.handshake?.maxPayload ?? null });
  const close = closeHistory(records);
  const { findings: _upgradeFindings, ...upgradeSummary } = upgrade;
  const summary: ConnectionSummary = {
    conn: records[0]?.conn ?? '',
    eio,
    sid,
    handshake: handshake.raw,
    transport: upgrade.completed ? 'websocket' : (handshake.open?.transport ?? lastPacketTransport(records)),
    upgrade: upgradeSummary,
    namespaces: namespaces.namespaces,
    heartbeat: heartbeat.summary,
    acks: acks.summary,
    closeReason: closeAt(close, Number.POSITIVE_INFINITY).reason,
    findings: sortFindings([
      ...handshake.findings,
      ...wire,
      ...upgrade.findings,
      ...namespaces.findings,
      ...heartbeat.findings,
      ...acks.findings,
    ]),
    eioSource: version.source,
  };
  const { refusals } = namespaces;
  const times = playbackTimes(records, summary.findings);
  return { summary, handshake, sequence, heartbeat, acks, close, refusals, times };
}

function lastPacketTransport(records: readonly SessionRecord[]): Transport | null {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (r !== undefined && !isLifecycle(r)) return r.transport;
  }
  return null;
}
