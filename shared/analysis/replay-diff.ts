// How a replay's answers differ from the recorded ones (docs/architecture.md, job 5). The client's
// steps were taken again in the same order, so the server's answers are compared in order too, per
// connection (the replay keeps the recorded ids) and per namespace join (the n-th CONNECT of a
// namespace, docs/protocol.md §2.5, see joins.ts):
// - how the server answered the join: accepted, or refused with a message;
// - the ACK to the n-th emit of an event on the join (ack ids may differ between the runs; the order of
//   the emits does not), with its latency then and now;
// - the n-th server EVENT of each name on the join.
// Each is matched, different (other args or outcome), missing (recorded, not answered now), extra
// (new now) or unanswered (an emit that asked for an ack, answered in neither run). They are listed in
// the order of the recording: by when the client asked (a join's CONNECT, an emit), else when the
// server sent it, and what only the replay had last. A cancelled replay compares only what it ran: the
// recorded answers to requests it never re-sent are left out. The session's own identifiers (the Engine.IO sid, namespace socket ids) differ on every
// run, so a value equal to one of them compares as "the session's id", not as itself.
import type { Json, PacketRecord, SessionRecord } from '../record';
import { isLifecycle } from '../record';
import { analyzeAcks } from './acks';
import { JoinTracker, type Join } from './joins';
import { namespaceOf } from '../protocol/sio-namespace';

export type AnswerStatus = 'matched' | 'different' | 'missing' | 'extra' | 'unanswered';

export const ANSWER_STATUSES: readonly AnswerStatus[] = [
  'matched',
  'different',
  'missing',
  'extra',
  'unanswered',
];

export interface AnswerSide {
  /** ACK args, or the EVENT's args after its name; none for a join. */
  readonly args: readonly Json[];
  readonly t: number;
  readonly frame: number;
  /** ACKs: ms from the emit to its ACK. */
  readonly latencyMs?: number;
  /** Joins: how the server answered the CONNECT, and why it refused. */
  readonly outcome?: 'accepted' | 'refused';
  readonly error?: string;
}

export interface AnswerDiff {
  /** `join`: the server's answer to a CONNECT; `ack`: its ACK to a client emit; `event`: an EVENT it sent. */
  readonly kind: 'join' | 'ack' | 'event';
  readonly status: AnswerStatus;
  readonly conn: string;
  readonly nsp: string;
  /** The namespace's join (1-based) the answer came on; 0 on a namespace the records never show joined. */
  readonly join: number;
  /** The event answered (ack) or sent (event); null for a join. */
  readonly event: string | number | null;
  /** 0-based occurrence of this kind and event on the join. */
  readonly index: number;
  readonly recorded?: AnswerSide;
  readonly replayed?: AnswerSide;
  /** ACKs answered both times: replayed minus recorded latency, ms. */
  readonly latencyChangeMs?: number;
}

export interface ReplayDiff {
  readonly answers: readonly AnswerDiff[];
  readonly counts: { readonly [S in AnswerStatus]: number };
}

type Kind = AnswerDiff['kind'];
type Key = readonly [Kind, string, string, number, string | number | null];

export interface DiffOptions {
  /** The replay stopped early: compare only the answers to what it re-sent. */
  readonly cancelled?: boolean;
}

export function diffReplay(
  recorded: readonly SessionRecord[],
  replayed: readonly SessionRecord[],
  options: DiffOptions = {},
): ReplayDiff {
  const before = new Answers(recorded);
  const after = new Answers(replayed);
  const ordered: { readonly answer: AnswerDiff; readonly at: number }[] = [];
  for (const text of union(before.keys(), after.keys())) {
    const [kind, conn, nsp, join, event] = JSON.parse(text) as Key;
    const then = before.get(text);
    const now = after.get(text);
    // Each request re-sent has its place in `now`, answered or not; server events have no request.
    const ran = options.cancelled === true ? now.length : Math.max(then.length, now.length);
    for (let index = 0; index < ran; index++) {
      const at = { kind, conn, nsp, join, event, index };
      const answer = compare(at, then[index]?.side, now[index]?.side, before, after);
      const recordedAt = then[index]?.asked ?? then[index]?.side?.t;
      ordered.push({ answer, at: recordedAt ?? Number.POSITIVE_INFINITY });
    }
  }
  // Recorded order; a join's answer may share its time with the first answers on it, and goes first;
  // what only the replay had, in the replay's order, after it all.
  ordered.sort(
    (a, b) =>
      a.at - b.at ||
      Number(b.answer.kind === 'join') - Number(a.answer.kind === 'join') ||
      (a.answer.replayed?.t ?? 0) - (b.answer.replayed?.t ?? 0),
  );
  const answers = ordered.map((o) => o.answer);
  const counts = { matched: 0, different: 0, missing: 0, extra: 0, unanswered: 0 };
  for (const answer of answers) counts[answer.status]++;
  return { answers, counts };
}

/** The server's answers of one session, keyed by kind, connection, namespace, join and event, in order. */
class Answers {
  /** Per key, in order: the answer (none: never answered) and when the client asked for it. */
  private readonly byKey = new Map<string, Slot[]>();
  /** The session's sids: equal strings in args stand for "this session's id". */
  readonly ids = new Set<string>();

  constructor(records: readonly SessionRecord[]) {
    const packets = records.filter((r): r is PacketRecord => !isLifecycle(r));
    const joins = new JoinTracker();
    // `<conn> <frame> <nsp> <id>` → the server's ACK: one polling body can carry several ACKs.
    const acks = new Map<string, PacketRecord>();
    const askedOn = new Map<string, number>(); // `<conn> <frame> <nsp>` of a client emit → its join
    for (const p of packets) {
      collectIds(p, this.ids);
      const join = joins.push(p)?.number ?? 0;
      const sio = p.sio;
      if (sio === undefined) continue;
      const event = sio.type === 'EVENT' || sio.type === 'BINARY_EVENT';
      if (p.dir === 'out' && event && sio.id !== undefined)
        askedOn.set(`${p.conn} ${p.frame} ${namespaceOf(sio.nsp)}`, join);
      if (p.dir !== 'in') continue;
      if (sio.type === 'ACK' || sio.type === 'BINARY_ACK')
        acks.set(`${p.conn} ${p.frame} ${namespaceOf(sio.nsp)} ${String(sio.id)}`, p);
      else if (event && sio.event !== undefined)
        this.add(['event', p.conn, namespaceOf(sio.nsp), join, sio.event], {
          args: sio.args ?? [],
          t: p.t,
          frame: p.frame,
        });
    }
    for (const join of joins.joins)
      this.add(['join', join.conn, join.nsp, join.number, null], joinSide(join), join.request?.t);
    // Ack ids and frames count per connection, so are the pairs.
    for (const conn of new Set(packets.map((p) => p.conn))) {
      for (const pair of analyzeAcks(packets.filter((p) => p.conn === conn)).pairs) {
        if (pair.requestedBy !== 'client') continue;
        const ack =
          pair.ackFrame === null ? undefined : acks.get(`${conn} ${pair.ackFrame} ${pair.nsp} ${pair.id}`);
        const key: Key = [
          'ack',
          conn,
          pair.nsp,
          askedOn.get(`${conn} ${pair.frame} ${pair.nsp}`) ?? 0,
          pair.event,
        ];
        if (ack === undefined || pair.latencyMs === null || pair.ackT === null)
          this.add(key, undefined, pair.t);
        else
          this.add(
            key,
            { args: ack.sio?.args ?? [], t: pair.ackT, frame: ack.frame, latencyMs: pair.latencyMs },
            pair.t,
          );
      }
    }
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  get(key: string): readonly Slot[] {
    return this.byKey.get(key) ?? [];
  }

  /** An emit or join never answered still takes its place in the order, as a hole. */
  private add(key: Key, side: AnswerSide | undefined, asked?: number): void {
    const text = JSON.stringify(key);
    const slot: Slot = { ...(side !== undefined && { side }), ...(asked !== undefined && { asked }) };
    const list = this.byKey.get(text);
    if (list === undefined) this.byKey.set(text, [slot]);
    else list.push(slot);
  }
}

interface Slot {
  readonly side?: AnswerSide;
  /** When the client asked: its CONNECT or its emit; none for the server's own events. */
  readonly asked?: number;
}

function joinSide(join: Join): AnswerSide | undefined {
  if (join.answer === null || join.outcome === 'pending') return undefined;
  const { t, frame } = join.answer;
  return join.outcome === 'accepted'
    ? { args: [], t, frame, outcome: 'accepted' }
    : { args: [], t, frame, outcome: 'refused', error: join.error?.message ?? '' };
}

function compare(
  at: Pick<AnswerDiff, 'kind' | 'conn' | 'nsp' | 'join' | 'event' | 'index'>,
  then: AnswerSide | undefined,
  now: AnswerSide | undefined,
  before: Answers,
  after: Answers,
): AnswerDiff {
  if (then === undefined && now === undefined) return { ...at, status: 'unanswered' };
  if (then === undefined) return { ...at, status: 'extra', replayed: now };
  if (now === undefined) return { ...at, status: 'missing', recorded: then };
  const same =
    then.outcome === now.outcome &&
    then.error === now.error &&
    sameJson(normalise(then.args, before.ids), normalise(now.args, after.ids));
  const latency =
    then.latencyMs !== undefined && now.latencyMs !== undefined
      ? { latencyChangeMs: Math.round((now.latencyMs - then.latencyMs) * 1000) / 1000 }
      : {};
  return { ...at, status: same ? 'matched' : 'different', recorded: then, replayed: now, ...latency };
}

const SESSION_ID = '<session id>';

function normalise(value: Json | readonly Json[], ids: ReadonlySet<string>): Json {
  if (typeof value === 'string') return ids.has(value) ? SESSION_ID : value;
  if (Array.isArray(value)) return value.map((v: Json) => normalise(v, ids));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalise(v, ids);
    return out;
  }
  return value as Json;
}

/** Deep equality with object keys in any order. */
function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameJson(v, b[i] as Json));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => k in b && sameJson(a[k] as Json, b[k] as Json));
}

/** The Engine.IO sid of the handshake and the socket ids servers hand out on CONNECT (v5 `{"sid"}`). */
function collectIds(p: PacketRecord, ids: Set<string>): void {
  const data = p.eio?.type === 'open' ? p.eio.data : p.sio?.type === 'CONNECT' ? p.sio.data : undefined;
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && typeof data['sid'] === 'string')
    ids.add(data['sid']);
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
