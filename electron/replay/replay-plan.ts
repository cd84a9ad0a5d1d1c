// What a replay against a live server does, read from a recorded session: connect like the recorded
// connection (Engine.IO version, transports, upgrade, path, namespaces with their auth, query and
// headers, from the session header's options where the recording wrote them, else from the records),
// re-send the client's emits at their recorded times, and answer the server's ack requests with the
// answers the client gave then.
import { detectEio } from '../../shared/analysis/eio-version';
import { namespaceOf } from '../../shared/analysis/packets';
import {
  isLifecycle,
  type Json,
  type PacketRecord,
  type SessionRecord,
  type Transport,
} from '../../shared/record';
import type { AckReply, ConnectOptions, NamespaceOptions } from '../engine/options';

export interface ReplayEmit {
  /** ms after the first namespace connected, in the recording. */
  readonly at: number;
  readonly nsp: string;
  readonly event: string | number;
  readonly args: readonly Json[];
  readonly ack: boolean;
}

export interface ReplayPlan {
  readonly connect: ConnectOptions;
  readonly emits: readonly ReplayEmit[];
  /** The recorded connection's own records, to compare the new answers with. */
  readonly recorded: readonly SessionRecord[];
  readonly conn: string;
}

/** The header options a recording may carry (capture-args.ts headerOptions); all optional. */
type HeaderOptions = { readonly [key: string]: Json };

/** Throws an Error with a one-line message when the session holds nothing to replay. */
export function planReplay(
  records: readonly SessionRecord[],
  header: HeaderOptions,
  target: string,
  conn?: string,
): ReplayPlan {
  const chosen = conn ?? firstConnWithEmits(records);
  if (chosen === undefined) throw new Error('the session has no client emits to replay');
  const recorded = records.filter((r) => r.conn === chosen);
  if (recorded.length === 0) throw new Error(`the session has no connection "${chosen}"`);
  const packets = recorded.filter((r): r is PacketRecord => !isLifecycle(r));
  const connected = packets.find((p) => p.dir === 'in' && p.sio?.type === 'CONNECT')?.t ?? 0;
  const emits = packets
    .filter((p) => p.dir === 'out' && isEvent(p) && p.sio?.event !== undefined)
    .map((p): ReplayEmit => ({
      at: Math.max(0, p.t - connected),
      nsp: p.sio?.nsp ?? '/',
      event: p.sio?.event as string | number,
      args: p.sio?.args ?? [],
      ack: p.sio?.id !== undefined,
    }));
  const transports = transportsOf(header, packets);
  const connect: ConnectOptions = {
    url: target,
    ...eioOf(header, recorded),
    transports,
    upgrade: typeof header['upgrade'] === 'boolean' ? header['upgrade'] : transports.length > 1,
    ...pathOf(header, recorded),
    namespaces: namespacesOf(header, packets),
    query: queryOf(header),
    headers: headersOf(header),
    ...(header['insecure'] === true && { insecure: true }),
    ackReply: recordedAnswers(recorded),
    conn: 'c1',
  };
  return { connect, emits, recorded, conn: chosen };
}

function firstConnWithEmits(records: readonly SessionRecord[]): string | undefined {
  const emit = records.find((r) => !isLifecycle(r) && r.dir === 'out' && isEvent(r));
  return emit?.conn ?? records[0]?.conn;
}

function isEvent(p: PacketRecord): boolean {
  return p.sio?.type === 'EVENT' || p.sio?.type === 'BINARY_EVENT';
}

function eioOf(header: HeaderOptions, records: readonly SessionRecord[]): Pick<ConnectOptions, 'eio'> {
  const eio = header['eio'];
  if (eio === 3 || eio === 4) return { eio };
  const detected = detectEio(records);
  return detected.source === 'default' ? {} : { eio: detected.eio };
}

function transportsOf(header: HeaderOptions, packets: readonly PacketRecord[]): Transport[] {
  const listed = header['transports'];
  if (Array.isArray(listed) && listed.length > 0 && listed.every((t) => t === 'polling' || t === 'websocket'))
    return listed as Transport[];
  const used = new Set(packets.map((p) => p.transport));
  return (['polling', 'websocket'] as const).filter((t) => used.has(t));
}

function pathOf(header: HeaderOptions, records: readonly SessionRecord[]): Pick<ConnectOptions, 'path'> {
  if (typeof header['path'] === 'string') return { path: header['path'] };
  const request = records.find((r) => isLifecycle(r) && r.event === 'http-request' && r.url !== undefined);
  const url = request !== undefined && isLifecycle(request) ? (request.url ?? '') : '';
  const path = /^(?:[a-z]+:\/\/[^/?#]+)?(\/[^?#]*)/i.exec(url)?.[1];
  return path === undefined ? {} : { path };
}

/**
 * The namespaces the client joined, each with the auth it sent (a v5 CONNECT payload) or the header's
 * `auth`; a v4 CONNECT's query (`/admin?token=…`) stays in the name, as the engine sends it.
 */
function namespacesOf(header: HeaderOptions, packets: readonly PacketRecord[]): NamespaceOptions[] {
  const auth = header['auth'];
  const seen = new Map<string, NamespaceOptions>();
  for (const p of packets) {
    if (p.dir !== 'out' || p.sio?.type !== 'CONNECT') continue;
    const nsp = p.sio.nsp;
    if (seen.has(namespaceOf(nsp))) continue;
    const data = p.sio.data ?? auth;
    seen.set(namespaceOf(nsp), data === undefined ? { nsp } : { nsp, auth: data });
  }
  if (seen.size > 0) return [...seen.values()];
  const listed = header['namespaces'];
  const names = Array.isArray(listed) ? listed.filter((n): n is string => typeof n === 'string') : ['/'];
  return names.map((nsp) => (auth === undefined ? { nsp } : { nsp, auth }));
}

function queryOf(header: HeaderOptions): (readonly [string, string])[] {
  const listed = header['query'];
  if (!Array.isArray(listed)) return [];
  return listed
    .filter((q): q is string => typeof q === 'string' && q.indexOf('=') > 0)
    .map((q) => [q.slice(0, q.indexOf('=')), q.slice(q.indexOf('=') + 1)] as const);
}

/** Headers the recording kept; secrets were written as `<redacted>` and cannot be sent again. */
function headersOf(header: HeaderOptions): (readonly [string, string])[] {
  const listed = header['headers'];
  if (!Array.isArray(listed)) return [];
  return listed
    .filter((h): h is string => typeof h === 'string' && h.indexOf(':') > 0 && !h.endsWith('<redacted>'))
    .map((h) => [h.slice(0, h.indexOf(':')).trim(), h.slice(h.indexOf(':') + 1).trim()] as const);
}

/** Answers the n-th ack request for an event as the client answered the n-th one in the recording. */
function recordedAnswers(records: readonly SessionRecord[]): AckReply {
  const asked = new Map<string, number>(); // `${nsp} ${id}` of server requests → event
  const answers = new Map<string, Json[][]>(); // event → client ACK args, in order
  const events = new Map<string, string | number | undefined>();
  for (const r of records) {
    if (isLifecycle(r) || r.sio === undefined) continue;
    const key = `${namespaceOf(r.sio.nsp)} ${r.sio.id ?? ''}`;
    if (r.dir === 'in' && isEvent(r) && r.sio.id !== undefined) {
      asked.set(key, 1);
      events.set(key, r.sio.event);
    } else if (r.dir === 'out' && (r.sio.type === 'ACK' || r.sio.type === 'BINARY_ACK') && asked.has(key)) {
      asked.delete(key);
      const name = String(events.get(key) ?? '');
      answers.set(name, [...(answers.get(name) ?? []), r.sio.args ?? []]);
    }
  }
  return (event) => answers.get(String(event ?? ''))?.shift() ?? [];
}
