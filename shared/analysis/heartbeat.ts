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
  /**
   * Pings given up on: more than PENDING_KEPT were waiting for a pong at once, so the oldest one's
   * time went. Its miss, when its pingTimeout had passed, is counted and said then; a pong that comes
   * for it later still pairs with it (`unmeasured`). Absent when none.
   */
  readonly dropped?: number;
  /** Pongs that answered a dropped ping: not in `pongLatencyMs`. Absent when none. */
  readonly unmeasured?: number;
  /**
   * Dropped pings whose pingTimeout had not passed yet (a flood of pings faster than pingTimeout):
   * neither missed nor in time. Absent when none.
   */
  readonly unjudged?: number;
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

/**
 * Pings past the series whose pong the analysis waits for with their time and frame, 16 bytes each. A
 * reference pinger waits for each pong before the next ping and gives up after pingTimeout, so one is
 * waiting; ten thousand is a peer that has not answered for three days of 25 s pings and was never
 * dropped (or a synthetic capture). Past it the oldest is given up on (HeartbeatSummary.dropped), so a
 * peer that never answers costs a fixed amount of memory however long the session.
 */
export const PENDING_KEPT = 10_000;

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
  /** The first SERIES_KEPT points: everything about those pings. */
  private readonly series: Point[] = [];
  /**
   * The later pings still to be settled, by index. Pongs answer pings in order (FIFO) and deadlines pass
   * in order, so a ping is settled once it is before both `answered` and `judged`: a ping before `answered`
   * was answered, and one before `judged` that was not was missed.
   */
  private readonly queue = new PingQueue(SERIES_KEPT);
  private pings = 0;
  private answered = 0;
  private judged = 0;
  private readonly intervals = new StatsFold();
  private readonly latencies = new StatsFold();
  private late = 0;
  private missed = 0;
  private dropped = 0;
  private unmeasured = 0;
  private unjudged = 0;
  /** Findings of missed pings past the series (answered late), in ping order: the first listed. */
  private readonly missedPastSeries = new FindingLog();
  /** Findings of missed pings given up on while unanswered, said while their time was known. */
  private readonly missedDropped = new FindingLog();
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

  /** Pings past the series whose time and frame are held for a pong still to come: at most PENDING_KEPT. */
  get waiting(): number {
    return this.queue.length;
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
    for (; this.judged < this.pings; this.judged++) {
      const i = this.judged;
      if (i < this.answered) continue;
      if (t <= this.timeOf(i) + timeout) break;
      this.miss(i);
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
    const { series, limit, timeout, now, queue } = this;
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
      ...(this.dropped > 0 && { dropped: this.dropped }),
      ...(this.unmeasured > 0 && { unmeasured: this.unmeasured }),
      ...(this.unjudged > 0 && { unjudged: this.unjudged }),
    };
    const listed = this.findings.list.length;
    if (now !== null) {
      for (const f of deadlineFindings({ series, summary, silences }, now)) this.findings.push(f);
      // Past the series: the pings answered too late (said as their pongs came), those given up on
      // unanswered (said then), then the unanswered still held.
      for (const log of [this.missedPastSeries, this.missedDropped]) {
        for (const f of log.list) this.findings.push(f);
        for (const [code, n] of Object.entries(log.omitted()) as [FindingCode, number][])
          for (let i = 0; i < n; i++) this.findings.count(code);
      }
      // Unanswered pings before `judged` were missed; the queue holds every one not yet answered.
      for (let i = Math.max(this.answered, queue.start); i < this.judged; i++) {
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

  /** Ping `i` went unanswered past its pingTimeout, or was answered after it. */
  private miss(i: number): void {
    // One before `judged` was counted when the judging passed it.
    if (i >= this.judged) this.missed++;
    const p = this.series[i];
    if (p !== undefined) p.missed = true;
  }

  /** Forgets the pings that can no longer change: answered, and past their deadline or never judged. */
  private settle(): void {
    this.queue.dropBefore(this.timeout === null ? this.answered : Math.min(this.answered, this.judged));
  }

  /** The time of a ping not yet settled: charted, or held by the queue. */
  private timeOf(i: number): number {
    return this.series[i]?.t ?? this.queue.t(i);
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
    if (this.pings < SERIES_KEPT)
      this.series.push({
        t: p.t,
        frame: p.frame,
        intervalMs,
        pongLatencyMs: null,
        pongFrame: null,
        late,
        missed: false,
      });
    else {
      if (this.queue.length >= PENDING_KEPT) this.giveUp(p.t);
      this.queue.push(p.t, p.frame);
    }
    this.pings++;
    if (intervalMs !== null) this.intervals.push(intervalMs);
    if (late) this.late++;
    if (late && this.options.eio === 4 && lastPing !== null) {
      if (this.silences.length < SERIES_KEPT) this.silences.push({ ...lastPing, until: p.t });
      const message = `server ping ${ms(intervalMs)} after frame ${lastPing.frame} (pingInterval + pingTimeout = ${ms(limit)})`;
      this.findings.push(finding('HEARTBEAT_TIMEOUT', p.frame, message));
    }
    this.lastPing = { t: p.t, frame: p.frame };
  }

  /**
   * Forgets the oldest ping the queue holds, at `now`. Settled pings have left it, so that one is
   * unanswered: missed already (said now, while its frame is known), or, in a flood of pings faster than
   * pingTimeout, not judged yet and now never.
   */
  private giveUp(now: number): void {
    const { queue, timeout } = this;
    const i = queue.start;
    this.dropped++;
    if (timeout !== null && i < this.judged) {
      const log = this.missedDropped;
      if (!log.listing('HEARTBEAT_TIMEOUT')) log.count('HEARTBEAT_TIMEOUT');
      else {
        const p = { t: queue.t(i), frame: queue.frame(i), pongLatencyMs: null, pongFrame: null };
        log.push(missedFinding(p, timeout, now));
      }
    } else if (timeout !== null) {
      this.unjudged++;
      this.judged = i + 1;
    }
    queue.shift();
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
    const charted = this.series[index];
    if (charted === undefined && !this.queue.holds(index)) {
      // It answers a ping given up on: its miss, if any, was said when it was dropped.
      this.unmeasured++;
      return this.settle();
    }
    const ping = {
      t: this.timeOf(index),
      frame: charted?.frame ?? this.queue.frame(index),
      pongLatencyMs: 0,
      pongFrame: p.frame,
    };
    const latency = elapsed(ping.t, p.t);
    ping.pongLatencyMs = latency;
    this.latencies.push(latency);
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

/** What a PingQueue holds before its first ping: most connections of a big file never ping. */
const NO_PINGS = new Float64Array(0);

/** Pings by index from `start` on, as columns of time and frame in a ring that grows to PENDING_KEPT. */
class PingQueue {
  length = 0;
  private times = NO_PINGS;
  private frames = NO_PINGS;
  /** Where `start` is in the ring. */
  private head = 0;

  /** `start`: the index of the first ping it will hold. */
  constructor(public start: number) {}

  holds(i: number): boolean {
    return i >= this.start && i < this.start + this.length;
  }

  t(i: number): number {
    return this.times[this.slot(i)] ?? 0;
  }

  frame(i: number): number {
    return this.frames[this.slot(i)] ?? 0;
  }

  push(t: number, frame: number): void {
    if (this.length === this.times.length) this.grow();
    const slot = (this.head + this.length) % this.times.length;
    this.times[slot] = t;
    this.frames[slot] = frame;
    this.length++;
  }

  /** Forgets the first ping held. */
  shift(): void {
    this.dropBefore(this.start + 1);
  }

  /** Forgets the pings before index `before`. */
  dropBefore(before: number): void {
    const n = Math.min(this.length, before - this.start);
    if (n <= 0) return;
    this.head = (this.head + n) % this.times.length;
    this.start += n;
    this.length -= n;
  }

  private slot(i: number): number {
    return (this.head + i - this.start) % this.times.length;
  }

  private grow(): void {
    const size = Math.min(PENDING_KEPT, Math.max(64, this.times.length * 2));
    const times = new Float64Array(size);
    const frames = new Float64Array(size);
    for (let k = 0; k < this.length; k++) {
      const from = (this.head + k) % this.times.length;
      times[k] = this.times[from] ?? 0;
      frames[k] = this.frames[from] ?? 0;
    }
    this.times = times;
    this.frames = frames;
    this.head = 0;
  }
}
