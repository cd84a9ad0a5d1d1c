// The Engine.IO heartbeat (docs/protocol.md §1.4): one point per ping for the chart, the interval and pong
// latency statistics, and the deadlines that passed, judged against the handshake's pingInterval and
// pingTimeout with the version's direction (v4: the server pings; v3: the client pings).
import type { Direction, EioVersion, PacketRecord, SessionRecord } from '../record';
import { isLifecycle } from '../record';
import { finding, FindingLog, type Finding, type FindingCode, type FindingCounts } from './findings';
import type { HandshakeAnalysis } from './handshake';
import { isProbe, ms, side } from './packets';
import { elapsed, StatsFold, type Stats } from './stats';

export interface HeartbeatPoint {
  readonly t: number;
  readonly frame: number;
  /** ms since the previous ping, or since the open packet for the first one; null when neither exists. */
  readonly intervalMs: number | null;
  /** ms from this ping to the pong that answered it; null while unanswered. */
  readonly pongLatencyMs: number | null;
  readonly pongFrame: number | null;
  /** The ping came after the liveness deadline: intervalMs > pingInterval + pingTimeout. */
  readonly late: boolean;
  /**
   * No pong within pingTimeout: one came too late, or none came and the records went on past the deadline.
   */
  readonly missed: boolean;
}

export interface HeartbeatSummary {
  readonly pingInterval: number | null;
  readonly pingTimeout: number | null;
  /** Heartbeat pings from the side that should send them (probes and wrong-side pings not counted). */
  readonly pings: number;
  readonly intervalMs: Stats;
  readonly pongLatencyMs: Stats;
  readonly late: number;
  readonly missed: number;
  readonly pinger: 'server' | 'client';
}

/**
 * A gap longer than pingInterval + pingTimeout after a heartbeat (v4: a server ping, v3: any client
 * packet; or the open packet before the first): the other side gives up on the connection during it.
 */
export interface HeartbeatSilence {
  readonly t: number;
  readonly frame: number;
  /** When the next heartbeat came; null when none came before the judging ended. */
  readonly until: number | null;
}

export interface HeartbeatAnalysis {
  /** The first SERIES_KEPT pings, in time order; `summary` counts every ping. */
  readonly series: readonly HeartbeatPoint[];
  /** Pings after the last one in `series`. */
  readonly seriesOmitted: number;
  readonly summary: HeartbeatSummary;
  readonly findings: readonly Finding[];
  /**
   * In time order: what the deadline findings are judged on, kept so playback can judge them at its playhead.
   */
  readonly silences: readonly HeartbeatSilence[];
  /** t of the last record judged (a close ends the judging); null without records. */
  readonly end: number | null;
  /** Findings counted but not listed (FINDING_EXAMPLES of each code are). */
  readonly findingsOmitted: FindingCounts;
  /** How many of `findings`, at their end, were judged at `end` (deadlineFindings): playback judges those again. */
  readonly judgedAtEnd: number;
}

/**
 * Pings a heartbeat analysis lists for the chart. At one ping every 25 s this is three days; a longer
 * series (a capture of days, a synthetic flood) is counted in the summary and drawn up to here.
 */
export const SERIES_KEPT = 10_000;

export interface HeartbeatOptions {
  readonly eio: EioVersion;
  readonly handshake: HandshakeAnalysis;
}

/**
 * A pong past this share of pingTimeout still counts, but one more hiccup (a GC pause, a busy event
 * loop, a slow proxy) and the server closes the connection: worth a warning before it happens.
 */
export const SLOW_PONG_SHARE = 0.8;

/**
 * Rules (docs/protocol.md §1.4), judged only while the connection is open (until a close packet or a
 * `closed` record), and only with the timings the handshake gave:
 * - a pong answers the oldest unanswered ping from the other side (the transport keeps order);
 * - a ping is `missed` when no pong came within pingTimeout (v3 client rule, v4 server rule);
 * - v4: a server ping more than pingInterval + pingTimeout after the previous one (or after the open),
 *   or no ping for that long before the records end, is what makes a v4 client give up;
 * - v3: no client packet of any kind for pingInterval + pingTimeout is what makes a v3 server give up.
 * A deadline counts as passed only when a record later than it shows the time went by.
 */
export function analyzeHeartbeat(
  records: readonly SessionRecord[],
  options: HeartbeatOptions,
): HeartbeatAnalysis {
  const judge = new HeartbeatJudge(options);
  for (const record of records) {
    if (judge.closed) break;
    judge.push(record);
  }
  return judge.finish();
}

interface Point {
  t: number;
  frame: number;
  intervalMs: number | null;
  pongLatencyMs: number | null;
  pongFrame: number | null;
  late: boolean;
  missed: boolean;
}

interface Mark {
  readonly t: number;
  readonly frame: number;
}

/** analyzeHeartbeat one record at a time; records after the close are not judged. */
export class HeartbeatJudge {
  closed = false;
  private readonly pinger: Direction;
  private readonly interval: number | null;
  private readonly timeout: number | null;
  /** pingInterval + pingTimeout: how long either side waits before it declares the other dead. */
  private readonly limit: number | null;
  /** The first SERIES_KEPT points. */
  private readonly series: Point[] = [];
  /**
   * Every ping still to be settled, by index: pongs answer them in order (FIFO) and their deadlines
   * pass in order, so pings before both `answered` and `judged` never change again and leave the queue.
   * A peer that never answers keeps every ping here, so a ping takes 17 bytes, not an object.
   */
  private readonly queue = new PingQueue();
  private pings = 0;
  private answered = 0;
  private judged = 0;
  private readonly intervals = new StatsFold();
  private readonly latencies = new StatsFold();
  private late = 0;
  private missed = 0;
  /** Findings of missed pings past the series (answered late), in ping order: the first listed. */
  private readonly missedPastSeries = new FindingLog();
  private readonly findings = new FindingLog();
  /** Pings from the wrong side still waiting for a pong, so their pongs are not "without ping". */
  private wrongPending = 0;
  private lastPing: Mark | null;
  private lastClientPacket: Mark | null;
  /** The first SERIES_KEPT silences: only the one still going on at the end is judged there. */
  private readonly silences: HeartbeatSilence[] = [];
  private now: number | null = null;

  constructor(private readonly options: HeartbeatOptions) {
    this.pinger = options.eio === 4 ? 'in' : 'out';
    const hs = options.handshake.handshake;
    this.interval = hs?.pingInterval ?? null;
    this.timeout = hs?.pingTimeout ?? null;
    this.limit = this.interval === null || this.timeout === null ? null : this.interval + this.timeout;
    const open = options.handshake.open;
    this.lastPing = open === null ? null : { t: open.t, frame: open.frame };
    this.lastClientPacket = this.lastPing;
  }

  push(record: SessionRecord): void {
    if (this.closed) return;
    this.tick(record.t);
    if (!isLifecycle(record)) this.packet(record);
    else if (record.event === 'closed') this.closed = true;
  }

  /** Time moved on to `t`: every unanswered ping whose pingTimeout ended before it is missed. */
  tick(t: number): void {
    this.now = t;
    const { timeout } = this;
    if (timeout === null) return;
    const { queue } = this;
    for (; this.judged < this.pings; this.judged++) {
      const i = this.judged;
      const answered = queue.answered(i);
      if (!answered && t <= queue.t(i) + timeout) break;
      if (!answered) this.miss(i);
    }
    this.settle();
  }

  packet(p: PacketRecord): void {
    const type = p.eio?.type;
    if (p.dir === 'out' && this.options.eio === 3) this.clientPacket(p);
    if (type === 'close') this.closed = true;
    if (isProbe(p)) return;
    if (type === 'ping') this.ping(p);
    else if (type === 'pong') this.pong(p);
  }

  finish(): HeartbeatAnalysis {
    const { series, limit, timeout, now } = this;
    const silences = [...this.silences];
    if (limit !== null && now !== null) {
      const last = this.options.eio === 4 ? this.lastPing : this.lastClientPacket;
      if (last !== null && now - last.t > limit) silences.push({ ...last, until: null });
    }
    const summary: HeartbeatSummary = {
      pingInterval: this.interval,
      pingTimeout: timeout,
      pings: this.pings,
      intervalMs: this.intervals.result(),
      pongLatencyMs: this.latencies.result(),
      late: this.late,
      missed: this.missed,
      pinger: side(this.pinger),
    };
    const listed = this.findings.list.length;
    if (now !== null) {
      for (const f of deadlineFindings({ series, summary, silences }, now)) this.findings.push(f);
      // Past the series: the pings answered too late (said as their pongs came), then the unanswered.
      for (const f of this.missedPastSeries.list) this.findings.push(f);
      for (const [code, n] of Object.entries(this.missedPastSeries.omitted()) as [FindingCode, number][])
        for (let i = 0; i < n; i++) this.findings.count(code);
      const { queue } = this;
      for (let i = Math.max(this.answered, series.length); i < this.pings; i++) {
        if (!queue.missed(i)) continue;
        const p = { t: queue.t(i), frame: queue.frame(i), pongLatencyMs: null, pongFrame: null };
        this.findings.push(missedFinding(p, timeout ?? 0, now));
      }
    }
    return {
      series,
      seriesOmitted: this.pings - series.length,
      summary,
      findings: this.findings.list,
      silences,
      end: now,
      findingsOmitted: this.findings.omitted(),
      judgedAtEnd: this.findings.list.length - listed,
    };
  }

  private miss(i: number): void {
    if (!this.queue.missed(i)) this.missed++;
    this.queue.miss(i);
    const p = this.series[i];
    if (p !== undefined) p.missed = true;
  }

  private settle(): void {
    this.queue.drop(Math.min(this.answered, this.judged));
  }

  private ping(p: PacketRecord): void {
    if (p.dir !== this.pinger) {
      this.wrongPending++;
      const v = this.options.eio;
      this.findings.push(
        finding(
          'HEARTBEAT_DIRECTION',
          p.frame,
          `${side(p.dir)} sent a ping, but in EIO v${v} the ${side(this.pinger)} pings`,
        ),
      );
      return;
    }
    const { lastPing, limit } = this;
    const intervalMs = lastPing === null ? null : elapsed(lastPing.t, p.t);
    const late = limit !== null && intervalMs !== null && intervalMs > limit;
    const point: Point = {
      t: p.t,
      frame: p.frame,
      intervalMs,
      pongLatencyMs: null,
      pongFrame: null,
      late,
      missed: false,
    };
    this.pings++;
    if (this.series.length < SERIES_KEPT) this.series.push(point);
    this.queue.push(p.t, p.frame);
    if (intervalMs !== null) this.intervals.push(intervalMs);
    if (late) this.late++;
    if (late && this.options.eio === 4 && lastPing !== null) {
      if (this.silences.length < SERIES_KEPT) this.silences.push({ ...lastPing, until: p.t });
      const message = `server ping ${ms(intervalMs)} after frame ${lastPing.frame} (pingInterval + pingTimeout = ${ms(limit)})`;
      this.findings.push(finding('HEARTBEAT_TIMEOUT', p.frame, message));
    }
    this.lastPing = { t: p.t, frame: p.frame };
  }

  private pong(p: PacketRecord): void {
    if (p.dir === this.pinger) {
      // A pong from the pinging side can only answer a wrong-side ping.
      if (this.wrongPending > 0) this.wrongPending--;
      else this.pongWithoutPing(p);
      return;
    }
    const index = this.answered;
    if (index >= this.pings) return this.pongWithoutPing(p);
    this.answered++;
    const { queue } = this;
    const ping = { t: queue.t(index), frame: queue.frame(index), pongLatencyMs: 0, pongFrame: p.frame };
    const latency = elapsed(ping.t, p.t);
    ping.pongLatencyMs = latency;
    this.latencies.push(latency);
    queue.answer(index);
    const charted = this.series[index];
    if (charted !== undefined) Object.assign(charted, { pongLatencyMs: latency, pongFrame: p.frame });
    const { timeout } = this;
    if (timeout !== null) {
      if (latency > timeout) {
        this.miss(index);
        if (charted === undefined) this.missedPastSeries.push(missedFinding(ping, timeout, p.t));
      } else if (latency > timeout * SLOW_PONG_SHARE) {
        const message = `pong ${ms(latency)} after the ping at frame ${ping.frame}, ${Math.round((latency / timeout) * 100)}% of pingTimeout ${ms(timeout)}`;
        this.findings.push(finding('PONG_SLOW', p.frame, message));
      }
    }
    this.settle();
  }

  private pongWithoutPing(p: PacketRecord): void {
    this.findings.push(
      finding('PONG_WITHOUT_PING', p.frame, `${side(p.dir)} sent a pong with no ping to answer`),
    );
  }

  /** v3: the server resets its deadline on every packet the client sends. */
  private clientPacket(p: PacketRecord): void {
    const { lastClientPacket: last, limit } = this;
    if (last !== null && limit !== null && p.t - last.t > limit) {
      if (this.silences.length < SERIES_KEPT) this.silences.push({ ...last, until: p.t });
      const message = `no client packet for ${ms(p.t - last.t)} after frame ${last.frame} (pingInterval + pingTimeout = ${ms(limit)})`;
      this.findings.push(finding('HEARTBEAT_TIMEOUT', p.frame, message));
    }
    this.lastClientPacket = { t: p.t, frame: p.frame };
  }
}

/**
 * The findings about a deadline that passed with nothing coming, as they stand at `now` (no later
 * than `end`): the silence going on then, and every ping missed by then. The analysis says them at
 * its end; playback says them at its playhead, over the series as it stood then.
 */
export function deadlineFindings(
  hb: Pick<HeartbeatAnalysis, 'series' | 'summary' | 'silences'>,
  now: number,
): Finding[] {
  const { pingInterval, pingTimeout, pinger } = hb.summary;
  const findings: Finding[] = [];
  if (pingInterval !== null && pingTimeout !== null) {
    const limit = pingInterval + pingTimeout;
    const what = pinger === 'server' ? 'no server ping' : 'no client packet';
    for (const s of hb.silences) {
      if (s.t > now || now - s.t <= limit || (s.until !== null && s.until <= now)) continue;
      const message = `${what} for ${ms(now - s.t)} after frame ${s.frame} (pingInterval + pingTimeout = ${ms(limit)})`;
      findings.push(finding('HEARTBEAT_TIMEOUT', s.frame, message));
    }
  }
  for (const p of hb.series) if (p.missed) findings.push(missedFinding(p, pingTimeout ?? 0, now));
  return findings;
}

function missedFinding(
  p: Pick<HeartbeatPoint, 't' | 'frame' | 'pongLatencyMs' | 'pongFrame'>,
  timeout: number,
  now: number,
): Finding {
  if (p.pongLatencyMs !== null && p.pongFrame !== null) {
    const message = `pong ${ms(p.pongLatencyMs)} after the ping at frame ${p.frame}, past pingTimeout ${ms(timeout)}`;
    return finding('HEARTBEAT_TIMEOUT', p.pongFrame, message);
  }
  const message = `ping not answered within pingTimeout ${ms(timeout)} (no pong in the ${ms(now - p.t)} after it)`;
  return finding('HEARTBEAT_TIMEOUT', p.frame, message);
}

const ANSWERED = 1;
const MISSED = 2;

/** Pings by index from `start` on, as columns: time, frame, and whether answered or missed. */
class PingQueue {
  private times = new Float64Array(1024);
  private frames = new Float64Array(1024);
  private flags = new Uint8Array(1024);
  private start = 0;
  private length = 0;

  push(t: number, frame: number): void {
    if (this.length === this.times.length) this.grow();
    this.times[this.length] = t;
    this.frames[this.length] = frame;
    this.flags[this.length] = 0;
    this.length++;
  }

  t(i: number): number {
    return this.times[i - this.start] ?? 0;
  }

  frame(i: number): number {
    return this.frames[i - this.start] ?? 0;
  }

  answered(i: number): boolean {
    return ((this.flags[i - this.start] ?? 0) & ANSWERED) !== 0;
  }

  missed(i: number): boolean {
    return ((this.flags[i - this.start] ?? 0) & MISSED) !== 0;
  }

  answer(i: number): void {
    this.flags[i - this.start] = (this.flags[i - this.start] ?? 0) | ANSWERED;
  }

  miss(i: number): void {
    this.flags[i - this.start] = (this.flags[i - this.start] ?? 0) | MISSED;
  }

  /** Forgets the pings before index `before`, once they are at least half the queue. */
  drop(before: number): void {
    const done = before - this.start;
    if (done < 1024 || done * 2 < this.length) return;
    this.times.copyWithin(0, done, this.length);
    this.frames.copyWithin(0, done, this.length);
    this.flags.copyWithin(0, done, this.length);
    this.length -= done;
    this.start = before;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const times = new Float64Array(size);
    const frames = new Float64Array(size);
    const flags = new Uint8Array(size);
    times.set(this.times);
    frames.set(this.frames);
    flags.set(this.flags);
    this.times = times;
    this.frames = frames;
    this.flags = flags;
  }
}
