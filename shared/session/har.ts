// HAR 1.2 import (http://www.softwareishard.com/blog/har-12-spec/), as Chrome, Firefox and Playwright
// export it: the Engine.IO requests among the entries (URL query with `EIO=`) become a session. Polling
// requests give one frame each (POST `request.postData.text` out, GET `response.content.text` in, base64
// when `content.encoding` says so); WebSocket entries give one frame per `_webSocketMessages` item (opcode 1
// text, 2 base64 binary; `time` in epoch seconds, or epoch ms from Playwright). Entries are grouped into
// connections by `sid`: a handshake without one takes the sid its open packet announces. Frames then go
// through the one decoding path (SessionDecoder) with each connection's `EIO` version.
//
// A HAR is user input: read as it streams, one entry at a time (har-entries.ts), every field checked
// before use, an entry that does not fit becomes an input-error record and the rest still open, a file cut
// short opens as far as its complete entries go, and what is held is bounded (MAX_HAR_ENGINE_IO_CHARS).
import { parseJson } from '../bounded-json';
import { MAX_HAR_ENGINE_IO_CHARS } from '../limits';
import { base64Decode } from '../protocol/bytes';
import { openPacketSid } from '../protocol/open-packet';
import { decodeError, type DecodeError } from '../protocol/errors';
import { eioParam } from '../protocol/version-detect';
import { SessionDecoder, type DecoderOptions, type FrameInput } from '../protocol/session-decoder';
import type { Direction, EioVersion, LifecycleRecord, SessionRecord } from '../record';
import { HarEntryScanner, type HarElement } from './har-entries';

const MIB = 1024 * 1024;

export interface HarImport {
  readonly records: SessionRecord[];
  /** Epoch ms that record time 0 stands for; undefined when no Engine.IO entry had a time. */
  readonly startedAt: number | undefined;
  /** All entries in the file, and how many of them were Engine.IO requests. */
  readonly entries: number;
  readonly engineIoEntries: number;
  readonly connections: number;
  /** The file was cut short: the records are those of its complete entries. */
  readonly cut: boolean;
}

export type HarResult = { readonly har: HarImport } | { readonly error: DecodeError };

/**
 * Imports a HAR as its text arrives (push each piece, then end). Only the Engine.IO entries are kept
 * until the end, where they are put in time order and decoded; every other entry is dropped as soon as
 * it is read, so memory follows the Engine.IO traffic, not the file. Past MAX_HAR_ENGINE_IO_CHARS of
 * Engine.IO entries the rest of the file is not read (an input-error record says so).
 */
export class HarReader {
  private readonly scanner = new HarEntryScanner(MAX_HAR_ENGINE_IO_CHARS);
  private readonly entries: EntryRead[] = [];
  private count = 0;
  private held = 0;
  private full: string | undefined;

  constructor(private readonly decoding: DecoderOptions = {}) {}

  push(text: string): void {
    if (this.full !== undefined) return;
    this.scanner.push(text, (element) => {
      if (this.full !== undefined) return;
      const index = this.count++;
      const read = readElement(element, index);
      if (read === 'other') return;
      this.entries.push(read);
      if (typeof read === 'object' && 'url' in read) {
        this.held += element.kind === 'entry' ? element.text.length : 0;
        if (this.held > MAX_HAR_ENGINE_IO_CHARS)
          this.full = `the Engine.IO entries pass ${MAX_HAR_ENGINE_IO_CHARS / MIB} Mi characters here; the rest of the file is not read`;
      }
    });
  }

  end(): HarResult {
    const scanned = this.scanner.end();
    if (!scanned.ok) return notHar(scanned.why);
    const importer = new HarImporter(this.decoding);
    const usable = this.entries.filter((e): e is EntryIn => typeof e === 'object' && 'url' in e);
    // Requests in the order they started, so a handshake is seen before the requests carrying its sid.
    usable.sort((a, b) => a.startMs - b.startMs || a.index - b.index);
    for (const entry of usable) importer.entry(entry);
    for (const e of this.entries)
      if (typeof e === 'object' && 'problem' in e) importer.problem(e.index, e.problem, e.startMs);
    if (this.full !== undefined) importer.problem(this.count - 1, this.full, undefined);
    else if (scanned.cut)
      importer.problem(
        this.count,
        `the file ends mid-entry (cut short); the ${this.count} entries before it are read`,
        undefined,
      );
    return {
      har: {
        ...importer.finish(),
        entries: this.count,
        engineIoEntries: usable.length,
        cut: this.full === undefined && scanned.cut,
      },
    };
  }
}

/**
 * Whether the start of a file says HAR: `{"log":` (every exporter puts it first), or a first line that is
 * a lone `{` (pretty-printed JSON), which no frame line or session file can be.
 */
export function looksLikeHar(head: string): boolean {
  return /^\uFEFF?\s*\{\s*"log"\s*:/.test(head) || /^\uFEFF?\s*\{\s*(\r?\n|$)/.test(head);
}

/** A whole HAR held in one string (tests, small files): the same as pushing it in one piece. */
export function readHar(text: string, decoding: DecoderOptions = {}): HarResult {
  const reader = new HarReader(decoding);
  reader.push(text);
  return reader.end();
}

interface WsMessageIn {
  readonly dir: Direction;
  readonly epochMs: number | undefined;
  readonly data: string | Uint8Array;
}

interface EntryIn {
  readonly index: number;
  readonly startMs: number;
  readonly durationMs: number;
  readonly method: string;
  readonly url: string;
  readonly eio: EioVersion;
  readonly transport: 'polling' | 'websocket';
  readonly sid: string | undefined;
  readonly status: number | undefined;
  readonly requestBody: string | undefined;
  readonly responseBody: string | Uint8Array | undefined;
  readonly messages: readonly WsMessageIn[];
  /** Messages that could not be read (bad base64, missing fields), counted for one input-error. */
  readonly badMessages: number;
}

type EntryRead =
  | EntryIn
  | { readonly index: number; readonly problem: string; readonly startMs: number | undefined }
  | 'other';

/** A frame or lifecycle event at its wall-clock time; `order` keeps ties in the order they were found. */
type Item =
  | {
      readonly epochMs: number;
      readonly order: number;
      readonly frame: Omit<FrameInput, 't'>;
    }
  | {
      readonly epochMs: number;
      readonly order: number;
      readonly lifecycle: Omit<LifecycleRecord, 't'>;
    };

class HarImporter {
  constructor(private readonly decoding: DecoderOptions) {}

  private readonly items: Item[] = [];
  private readonly bySid = new Map<string, string>();
  private next = 1;

  entry(entry: EntryIn): void {
    const conn = this.connFor(entry.sid);
    const end = entry.startMs + entry.durationMs;
    const status = entry.status === undefined ? {} : { status: entry.status };
    const request = { method: entry.method, url: entry.url, ...status, ms: round(entry.durationMs) };
    this.add(entry.startMs, {
      lifecycle: { conn, event: 'http-request', transport: entry.transport, ...request },
    });
    if (entry.badMessages > 0)
      this.add(entry.startMs, {
        lifecycle: inputError(conn, entry.index, `${entry.badMessages} WebSocket message(s) unreadable`),
      });
    const base = { conn, eio: entry.eio, transport: entry.transport };
    if (entry.transport === 'websocket') {
      if (entry.status === 101 || entry.messages.length > 0)
        this.add(entry.startMs, { lifecycle: { conn, event: 'ws-open', transport: 'websocket' } });
      for (const message of entry.messages) {
        if (entry.sid === undefined && message.dir === 'in') this.learn(conn, wsOpenSid(message.data));
        this.add(message.epochMs ?? entry.startMs, {
          frame: { ...base, dir: message.dir, ...body(message.data) },
        });
      }
      return;
    }
    if (entry.requestBody !== undefined && entry.method === 'POST')
      this.add(entry.startMs, { frame: { ...base, dir: 'out', text: entry.requestBody } });
    if (entry.responseBody !== undefined && entry.method === 'GET' && entry.status === 200) {
      if (entry.sid === undefined) this.learn(conn, openPacketSid(entry.responseBody, entry.eio));
      this.add(end, { frame: { ...base, dir: 'in', ...body(entry.responseBody) } });
    }
  }

  problem(index: number, why: string, startMs: number | undefined): void {
    this.add(startMs ?? Number.NaN, { lifecycle: inputError('c1', index, why) });
  }

  finish(): {
    readonly records: SessionRecord[];
    readonly startedAt: number | undefined;
    connections: number;
  } {
    const times = this.items.map((i) => i.epochMs).filter(Number.isFinite);
    const startedAt = times.length === 0 ? undefined : times.reduce((a, b) => Math.min(a, b));
    // Items without a time (problems of entries with no date) go last, as the file's trailing remarks.
    const sorted = [...this.items].sort(
      (a, b) => timeKey(a.epochMs) - timeKey(b.epochMs) || a.order - b.order,
    );
    const decoder = new SessionDecoder(this.decoding);
    const records: SessionRecord[] = [];
    for (const item of sorted) {
      const t = Number.isFinite(item.epochMs) ? round(item.epochMs - (startedAt ?? 0)) : decoder.time;
      if ('frame' in item) decoder.push({ ...item.frame, t }, records);
      else decoder.pushLifecycle({ ...item.lifecycle, t }, records);
    }
    decoder.end(records);
    return { records, startedAt, connections: this.next - 1 };
  }

  private add(epochMs: number, item: Omit<Item, 'epochMs' | 'order'>): void {
    this.items.push({ epochMs, order: this.items.length, ...item } as Item);
  }

  private connFor(sid: string | undefined): string {
    const known = sid === undefined ? undefined : this.bySid.get(sid);
    if (known !== undefined) return known;
    const conn = `c${this.next++}`;
    if (sid !== undefined) this.bySid.set(sid, conn);
    return conn;
  }

  /** The handshake's open packet names the sid later requests of this connection carry. */
  private learn(conn: string, sid: string | undefined): void {
    if (sid !== undefined && !this.bySid.has(sid)) this.bySid.set(sid, conn);
  }
}

function readElement(element: HarElement, index: number): EntryRead {
  if (element.kind === 'not-object') return { index, problem: 'not an object', startMs: undefined };
  if (element.kind === 'too-large') {
    // Only an Engine.IO entry's size is worth a word; any other is not imported either way.
    const url = /"url"\s*:\s*"([^"]{0,2048})"/.exec(element.head)?.[1];
    return url !== undefined && queryOf(url).has('EIO')
      ? {
          index,
          problem: `${url}: larger than ${MAX_HAR_ENGINE_IO_CHARS / MIB} Mi characters, not read`,
          startMs: undefined,
        }
      : 'other';
  }
  const parsed = parseJson(element.text);
  if (!('value' in parsed)) return { index, problem: `not JSON: ${parsed.error}`, startMs: undefined };
  return readEntry(parsed.value, index);
}

function readEntry(raw: unknown, index: number): EntryRead {
  if (!isObject(raw)) return { index, problem: 'not an object', startMs: undefined };
  const request = raw['request'];
  const response = isObject(raw['response']) ? raw['response'] : {};
  if (!isObject(request) || typeof request['url'] !== 'string' || typeof request['method'] !== 'string')
    return { index, problem: 'no request with a url and a method', startMs: undefined };
  const url = request['url'];
  const query = queryOf(url);
  if (!query.has('EIO')) return 'other';
  const startMs = typeof raw['startedDateTime'] === 'string' ? Date.parse(raw['startedDateTime']) : NaN;
  if (!Number.isFinite(startMs))
    return { index, problem: `${url}: no valid "startedDateTime"`, startMs: undefined };
  const fail = (why: string): EntryRead => ({ index, problem: `${url}: ${why}`, startMs });
  const eio = eioParam(query.get('EIO'));
  if (eio === undefined) return fail(`EIO=${query.get('EIO') ?? ''} is neither 3 nor 4`);
  const isWebSocket = query.get('transport') === 'websocket' || /^wss?:/i.test(url);
  const status = isNumber(response['status']) && response['status'] > 0 ? response['status'] : undefined;
  const duration = isNumber(raw['time']) && raw['time'] >= 0 ? raw['time'] : 0;
  const responseBody = contentOf(response['content']);
  if (responseBody === null) return fail('response content is not valid base64');
  const messages: WsMessageIn[] = [];
  let badMessages = 0;
  const rawMessages = raw['_webSocketMessages'];
  if (Array.isArray(rawMessages)) {
    for (const m of rawMessages) {
      const message = readMessage(m);
      if (message === 'bad') badMessages++;
      else if (message !== 'control') messages.push(message);
    }
  }
  const postData = isObject(request['postData']) ? request['postData']['text'] : undefined;
  return {
    index,
    startMs,
    durationMs: duration,
    method: request['method'].toUpperCase(),
    url,
    eio,
    transport: isWebSocket ? 'websocket' : 'polling',
    sid: query.get('sid'),
    status,
    requestBody: typeof postData === 'string' ? postData : undefined,
    responseBody,
    messages,
    badMessages,
  };
}

/** undefined: no body recorded; null: a body that claims base64 and is not. */
function contentOf(content: unknown): string | Uint8Array | undefined | null {
  if (!isObject(content) || typeof content['text'] !== 'string') return undefined;
  if (content['encoding'] !== 'base64') return content['text'];
  return base64Decode(content['text']) ?? null;
}

function readMessage(m: unknown): WsMessageIn | 'bad' | 'control' {
  if (!isObject(m) || (m['type'] !== 'send' && m['type'] !== 'receive') || typeof m['data'] !== 'string')
    return 'bad';
  const opcode = m['opcode'];
  if (opcode !== 1 && opcode !== 2) return 'control'; // close, ping and pong frames carry no Engine.IO
  const data = opcode === 1 ? m['data'] : base64Decode(m['data']);
  if (data === undefined) return 'bad';
  return { dir: m['type'] === 'send' ? 'out' : 'in', epochMs: epochMsOf(m['time']), data };
}

/** Chrome and Firefox write epoch seconds, Playwright epoch ms, and -1 when timing is omitted. */
function epochMsOf(time: unknown): number | undefined {
  if (!isNumber(time) || time <= 0) return undefined;
  return time > 1e11 ? time : time * 1000;
}

/** A WebSocket-only session's first text message is its open packet, framed as in Engine.IO v4. */
function wsOpenSid(data: string | Uint8Array): string | undefined {
  return typeof data === 'string' ? openPacketSid(data, 4) : undefined;
}

/** The query of an absolute or relative URL (no URL global in shared/: see platform.d.ts). */
function queryOf(url: string): Map<string, string> {
  const query = new Map<string, string>();
  const start = url.indexOf('?');
  if (start === -1) return query;
  const hash = url.indexOf('#', start);
  for (const pair of url.slice(start + 1, hash === -1 ? undefined : hash).split('&')) {
    const eq = pair.indexOf('=');
    const key = safeDecode(eq === -1 ? pair : pair.slice(0, eq));
    if (key !== '' && !query.has(key)) query.set(key, safeDecode(eq === -1 ? '' : pair.slice(eq + 1)));
  }
  return query;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function body(data: string | Uint8Array): { readonly text: string } | { readonly binary: Uint8Array } {
  return typeof data === 'string' ? { text: data } : { binary: data };
}

function inputError(conn: string, index: number, why: string): Omit<LifecycleRecord, 't'> {
  return {
    conn,
    event: 'input-error',
    error: decodeError('HAR_ENTRY_INVALID', `entry ${index}: ${why}`),
  };
}

function notHar(why: string): { readonly error: DecodeError } {
  return {
    error: decodeError(
      'HAR_INVALID',
      `${why} (export one from the DevTools Network panel: "Save all as HAR")`,
    ),
  };
}

function timeKey(epochMs: number): number {
  return Number.isFinite(epochMs) ? epochMs : Number.MAX_VALUE;
}

function isObject(v: unknown): v is { readonly [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
