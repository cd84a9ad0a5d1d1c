// What a replay against a live server does, read from a recorded session: for each recorded Engine.IO
// connection, one after another, connect like it did (Engine.IO version, transports, upgrade, path,
// query and headers, from the session header's options where the recording wrote them, else from the
// records), then do what its client did, in order and at its recorded times: each namespace CONNECT
// with its own auth, each DISCONNECT, each emit on the namespace it went to. The server's ack requests
// are answered with the answers the client gave then.
import { UserError } from '../../shared/user-error';
import { detectRecordsEio } from '../../shared/protocol/version-detect';
import { JoinTracker, type Join, type JoinOutcome } from '../../shared/analysis/joins';
import { namespaceOf } from '../../shared/protocol/sio-namespace';
import { PARSER_NOTE } from '../../shared/protocol/session-decoder';
import {
  isLifecycle,
  type Json,
  type PacketRecord,
  type Parser,
  type SessionRecord,
  type Transport,
} from '../../shared/record';
import type { ConnectionSettings } from '../../shared/session/session-origin';
import type { AckReply, ConnectOptions } from '../engine/options';

/**
 * What the recording had heard on a join when its client took a step. Before the step, the replay hears
 * as much (or a different outcome) on every join then live, so at any speed a retry follows its refusal,
 * a leave follows the answers the client waited for, and a rejoin follows whatever round trip the client
 * made after leaving (socket.io 4 drops a connection whose CONNECT overtakes the DISCONNECT before it).
 */
export interface Heard {
  readonly nsp: string;
  readonly join: number;
  readonly outcome: JoinOutcome;
  /** Server ACKs and EVENTs on the join. */
  readonly answers: number;
  /** The server had ended it (DISCONNECT): a rejoin waits for that. */
  readonly ended: boolean;
}

interface StepBase {
  /** ms after the Engine.IO open, in the recording. */
  readonly at: number;
  /** As the recorded packet named it (a v4 CONNECT may carry `?query`). */
  readonly nsp: string;
  /** The join the step starts (join) or acts on (leave, emit); 0 on a namespace never joined. */
  readonly join: number;
  /** Each namespace's latest join at the time, unless the client left it. */
  readonly after: readonly Heard[];
}

export type ReplayStep =
  | (StepBase & { readonly type: 'join'; readonly auth?: Json })
  | (StepBase & { readonly type: 'leave' })
  | (StepBase & {
      readonly type: 'emit';
      readonly event: string | number;
      readonly args: readonly Json[];
      readonly ack: boolean;
    });

export interface ConnectionPlan {
  /** The recorded connection's id, which the new one takes too. */
  readonly conn: string;
  /** ms after the first replayed connection's first record, in the recording. */
  readonly start: number;
  /** Joins only the namespaces a v4 server connects unasked; the steps join the others. */
  readonly connect: ConnectOptions;
  readonly steps: readonly ReplayStep[];
  /** Every recorded join as it ended: the replay is over when it has heard as much on each. */
  readonly joins: readonly Heard[];
  /** ms after the open when the recording's last server answer came. */
  readonly lastAnswerAt: number;
}

export interface ReplayPlan {
  readonly connections: readonly ConnectionPlan[];
  /** The replayed connections' own records, to compare the new answers with. */
  readonly recorded: readonly SessionRecord[];
}

/** Every connection, or only `conn`. Throws an Error with a one-line message when nothing can be replayed. */
export function planReplay(
  records: readonly SessionRecord[],
  header: ConnectionSettings,
  target: string,
  conn?: string,
): ReplayPlan {
  const all = [...new Set(records.map((r) => r.conn))];
  if (all.length === 0) throw new UserError('input', 'the session has no connections to replay');
  if (conn !== undefined && !all.includes(conn))
    throw new UserError('usage', `the session has no connection "${conn}"`, {
      hint: `its connections: ${all.join(', ')}`,
      why: { cause: 'unknown-connection', setting: 'conn' },
    });
  const conns = conn === undefined ? all : [conn];
  const recorded = records.filter((r) => conns.includes(r.conn));
  const origin = recorded[0]?.t ?? 0;
  return {
    connections: conns.map((c) =>
      planConnection(
        recorded.filter((r) => r.conn === c),
        header,
        target,
        origin,
      ),
    ),
    recorded,
  };
}

/** How many of each step the plan takes, for the one-line report. */
export function stepCounts(plan: ReplayPlan): { readonly [T in ReplayStep['type']]: number } {
  const counts = { join: 0, leave: 0, emit: 0 };
  for (const connection of plan.connections) for (const step of connection.steps) counts[step.type]++;
  return counts;
}

function planConnection(
  recorded: readonly SessionRecord[],
  header: ConnectionSettings,
  target: string,
  origin: number,
): ConnectionPlan {
  const conn = (recorded[0] as SessionRecord).conn;
  const packets = recorded.filter((r): r is PacketRecord => !isLifecycle(r));
  const opened = packets.find((p) => p.dir === 'in' && p.eio?.type === 'open')?.t ?? recorded[0]?.t ?? 0;
  const { steps, unasked, lastAnswerAt, tracker } = stepsOf(packets, opened, header);
  const transports = transportsOf(header, packets);
  const joined = steps.some((s) => s.type === 'join') || unasked.length > 0;
  const connect: ConnectOptions = {
    url: target,
    ...eioOf(header, recorded),
    transports,
    upgrade: header.upgrade ?? transports.length > 1,
    ...pathOf(header, recorded),
    // A recording without any join (a HAR cut short) joins what the header names, or `/`.
    ...(joined ? { namespaces: unasked } : headerNamespaces(header)),
    query: queryOf(header),
    headers: headersOf(header),
    ...(header.insecure === true && { insecure: true }),
    parser: parserOf(header, recorded),
    ackReply: recordedAnswers(recorded),
    conn,
  };
  return {
    conn,
    start: Math.max(0, (recorded[0]?.t ?? origin) - origin),
    connect,
    steps,
    joins: tracker.joins.map(heard),
    lastAnswerAt,
  };
}

interface ClientSteps {
  readonly steps: ReplayStep[];
  /** Namespaces the server connected unasked (v4 `/`), joined as the connection opens. */
  readonly unasked: string[];
  readonly lastAnswerAt: number;
  readonly tracker: JoinTracker;
}

function stepsOf(packets: readonly PacketRecord[], opened: number, header: ConnectionSettings): ClientSteps {
  const tracker = new JoinTracker();
  const steps: ReplayStep[] = [];
  const unasked: string[] = [];
  let lastAnswerAt = 0;
  for (const p of packets) {
    const sio = p.sio;
    if (sio === undefined) continue;
    const at = Math.max(0, p.t - opened);
    if (p.dir === 'out') {
      // Each namespace's latest join, unless the client left it (the replay has by now, too).
      const after = tracker.joins
        .filter((j) => j.endedBy !== 'client' && tracker.current(j.conn, j.nsp) === j)
        .map(heard);
      const step = stepOf(
        p,
        { at, nsp: sio.nsp, join: tracker.current(p.conn, sio.nsp)?.number ?? 0, after },
        header,
      );
      if (step !== undefined) steps.push(step);
    }
    const join = tracker.push(p);
    if (p.dir !== 'in' || join === undefined) continue;
    lastAnswerAt = at;
    if (join.request === null && join.answer === p && join.number === 1) unasked.push(join.nsp);
  }
  return { steps, unasked, lastAnswerAt, tracker };
}

/** The client's CONNECT, DISCONNECT or emit as a step; `base.join` is the namespace's join before it. */
function stepOf(p: PacketRecord, base: StepBase, header: ConnectionSettings): ReplayStep | undefined {
  const sio = p.sio;
  if (sio === undefined) return undefined;
  switch (sio.type) {
    case 'CONNECT': {
      // The header's `auth` stands in for a CONNECT without payload (v4 has none; its query is in the name).
      const auth = sio.data ?? header.auth;
      return { ...base, type: 'join', join: base.join + 1, ...(auth !== undefined && { auth }) };
    }
    case 'DISCONNECT':
      return { ...base, type: 'leave' };
    case 'EVENT':
    case 'BINARY_EVENT':
      if (sio.event === undefined) return undefined;
      return { ...base, type: 'emit', event: sio.event, args: sio.args ?? [], ack: sio.id !== undefined };
    default:
      return undefined;
  }
}

function heard(join: Join): Heard {
  const { nsp, number, outcome, answers, endedBy } = join;
  return { nsp, join: number, outcome, answers, ended: endedBy === 'server' };
}

function eioOf(header: ConnectionSettings, records: readonly SessionRecord[]): Pick<ConnectOptions, 'eio'> {
  const eio = header.eio;
  if (eio === 3 || eio === 4) return { eio };
  const detected = detectRecordsEio(records);
  return detected.source === 'default' ? {} : { eio: detected.eio };
}

/** The parser the header names, else msgpack when the decoder noted it, else socket.io. */
function parserOf(header: ConnectionSettings, records: readonly SessionRecord[]): Parser {
  if (header.parser !== undefined) return header.parser;
  const noted = records.some(
    (r) => isLifecycle(r) && r.event === 'note' && r.message?.startsWith(`${PARSER_NOTE} msgpack`) === true,
  );
  return noted ? 'msgpack' : 'socket.io';
}

function transportsOf(header: ConnectionSettings, packets: readonly PacketRecord[]): Transport[] {
  const listed = header.transports;
  if (listed !== undefined && listed.length > 0) return [...listed];
  const used = new Set(packets.map((p) => p.transport));
  return (['polling', 'websocket'] as const).filter((t) => used.has(t));
}

function pathOf(header: ConnectionSettings, records: readonly SessionRecord[]): Pick<ConnectOptions, 'path'> {
  if (header.path !== undefined) return { path: header.path };
  const request = records.find((r) => isLifecycle(r) && r.event === 'http-request' && r.url !== undefined);
  const url = request !== undefined && isLifecycle(request) ? (request.url ?? '') : '';
  const path = /^(?:[a-z]+:\/\/[^/?#]+)?(\/[^?#]*)/i.exec(url)?.[1];
  return path === undefined ? {} : { path };
}

function headerNamespaces(header: ConnectionSettings): Pick<ConnectOptions, 'namespaces' | 'auth'> {
  const auth = header.auth;
  return { namespaces: header.namespaces ?? ['/'], ...(auth !== undefined && { auth }) };
}

function queryOf(header: ConnectionSettings): Record<string, string> {
  const query: Record<string, string> = {};
  for (const q of header.query ?? []) {
    const eq = q.indexOf('=');
    if (eq > 0) query[q.slice(0, eq)] = q.slice(eq + 1);
  }
  return query;
}

/** The recorded headers; masked ones keep their mask for replay-secrets.ts to fill or refuse. */
function headersOf(header: ConnectionSettings): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of header.headers ?? []) {
    const colon = h.indexOf(':');
    if (colon > 0) headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  }
  return headers;
}

/** Answers the n-th ack request for an event as the client answered the n-th one in the recording. */
function recordedAnswers(records: readonly SessionRecord[]): AckReply {
  const asked = new Map<string, string>(); // `${nsp} ${id}` of a server request → its event
  const answers = new Map<string, Json[][]>(); // event → client ACK args, in order
  for (const r of records) {
    if (isLifecycle(r) || r.sio === undefined) continue;
    const key = `${namespaceOf(r.sio.nsp)} ${r.sio.id ?? ''}`;
    if (r.dir === 'in' && isEvent(r) && r.sio.id !== undefined) asked.set(key, String(r.sio.event ?? ''));
    const event = asked.get(key);
    if (r.dir === 'out' && (r.sio.type === 'ACK' || r.sio.type === 'BINARY_ACK') && event !== undefined) {
      asked.delete(key);
      answers.set(event, [...(answers.get(event) ?? []), r.sio.args ?? []]);
    }
  }
  return (event) => answers.get(String(event ?? ''))?.shift() ?? [];
}

function isEvent(p: PacketRecord): boolean {
  return p.sio?.type === 'EVENT' || p.sio?.type === 'BINARY_EVENT';
}
