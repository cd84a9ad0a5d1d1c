// How a replay's answers differ from the recorded ones (DESIGN.md job 5, issue 5 "Replay"). The client's
// emits were sent again in the same order, so the server's answers are compared in order too:
// - the ACK to the n-th emit of an event on a namespace (ack ids may differ between the runs; the order
//   of the emits does not), with its latency then and now;
// - the n-th server EVENT of each name on each namespace.
// Each is matched, different (other args), missing (recorded, not answered now) or extra (new now).
// The session's own identifiers (the Engine.IO sid, namespace socket ids) differ on every run, so a value
// equal to one of them compares as "the session's id", not as itself.
import type { Json, PacketRecord, SessionRecord } from '../record';
import { isLifecycle } from '../record';
import { analyzeAcks } from './acks';
import { namespaceOf } from './packets';

export type AnswerStatus = 'matched' | 'different' | 'missing' | 'extra';

export interface AnswerSide {
  /** ACK args, or the EVENT's args after its name. */
  readonly args: readonly Json[];
  readonly t: number;
  readonly frame: number;
  /** ACKs: ms from the emit to its ACK. */
  readonly latencyMs?: number;
}

export interface AnswerDiff {
  /** `ack`: the server's ACK to a client emit; `event`: an EVENT the server sent. */
  readonly kind: 'ack' | 'event';
  readonly status: AnswerStatus;
  readonly nsp: string;
  /** The event answered (ack) or sent (event). */
  readonly event: string | number | null;
  /** 0-based occurrence of this kind, namespace and event. */
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

export function diffReplay(
  recorded: readonly SessionRecord[],
  replayed: readonly SessionRecord[],
): ReplayDiff {
  const before = new Answers(recorded);
  const after = new Answers(replayed);
  const answers: AnswerDiff[] = [];
  for (const key of union(before.keys(), after.keys())) {
    const [kind, nsp, event] = JSON.parse(key) as ['ack' | 'event', string, string | number | null];
    const then = before.get(key);
    const now = after.get(key);
    for (let index = 0; index < Math.max(then.length, now.length); index++) {
      answers.push(compare(kind, nsp, event, index, then[index], now[index], before, after));
    }
  }
  answers.sort((a, b) => timeOf(a) - timeOf(b));
  const counts = { matched: 0, different: 0, missing: 0, extra: 0 };
  for (const answer of answers) counts[answer.status]++;
  return { answers, counts };
}

/** The server's answers of one session, keyed by kind, namespace and event, in order. */
class Answers {
  private readonly byKey = new Map<string, (AnswerSide | undefined)[]>();
  /** The session's sids: equal strings in args stand for "this session's id". */
  readonly ids = new Set<string>();

  constructor(records: readonly SessionRecord[]) {
    const packets = records.filter((r): r is PacketRecord => !isLifecycle(r));
    const byFrame = new Map<number, PacketRecord>();
    for (const p of packets) {
      collectIds(p, this.ids);
      if (p.dir === 'in' && (p.sio?.type === 'ACK' || p.sio?.type === 'BINARY_ACK')) byFrame.set(p.frame, p);
      const sio = p.sio;
      if (p.dir !== 'in' || sio === undefined) continue;
      if ((sio.type === 'EVENT' || sio.type === 'BINARY_EVENT') && sio.event !== undefined)
        this.add(['event', namespaceOf(sio.nsp), sio.event], {
          args: sio.args ?? [],
          t: p.t,
          frame: p.frame,
        });
    }
    for (const pair of analyzeAcks(records).pairs) {
      if (pair.requestedBy !== 'client') continue;
      const ack = pair.ackFrame === null ? undefined : byFrame.get(pair.ackFrame);
      const key: Key = ['ack', pair.nsp, pair.event];
      if (ack === undefined || pair.latencyMs === null || pair.ackT === null) this.add(key, undefined);
      else
        this.add(key, {
          args: ack.sio?.args ?? [],
          t: pair.ackT,
          frame: ack.frame,
          latencyMs: pair.latencyMs,
        });
    }
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  get(key: string): readonly (AnswerSide | undefined)[] {
    return this.byKey.get(key) ?? [];
  }

  /** An emit that was never answered still takes its place in the order, as a hole. */
  private add(key: Key, side: AnswerSide | undefined): void {
    const text = JSON.stringify(key);
    const list = this.byKey.get(text);
    if (list === undefined) this.byKey.set(text, [side]);
    else list.push(side);
  }
}

type Key = readonly ['ack' | 'event', string, string | number | null];

function compare(
  kind: 'ack' | 'event',
  nsp: string,
  event: string | number | null,
  index: number,
  then: AnswerSide | undefined,
  now: AnswerSide | undefined,
  before: Answers,
  after: Answers,
): AnswerDiff {
  const base = { kind, nsp, event, index };
  if (then === undefined && now === undefined) return { ...base, status: 'matched' };
  if (then === undefined) return { ...base, status: 'extra', replayed: now };
  if (now === undefined) return { ...base, status: 'missing', recorded: then };
  const same = sameJson(normalise(then.args, before.ids), normalise(now.args, after.ids));
  const latency =
    then.latencyMs !== undefined && now.latencyMs !== undefined
      ? { latencyChangeMs: Math.round((now.latencyMs - then.latencyMs) * 1000) / 1000 }
      : {};
  return { ...base, status: same ? 'matched' : 'different', recorded: then, replayed: now, ...latency };
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

function timeOf(answer: AnswerDiff): number {
  return answer.recorded?.t ?? answer.replayed?.t ?? 0;
}
