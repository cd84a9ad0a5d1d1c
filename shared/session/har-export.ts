// A session as HAR 1.2, in the shape Chrome DevTools writes and imports ("Import HAR file"): each polling
// response an XHR GET entry, each polling request body an XHR POST entry, and each connection's WebSocket
// one entry with `_resourceType: "websocket"` and `_webSocketMessages` (time in epoch seconds, opcode 1
// text / 2 base64 binary). Frames are rebuilt from the records: the packets of one wire frame are
// encoded again (v4 `\x1e`-joined, v3 length-prefixed, binary as base64 text in polling bodies), so
// importing the HAR (har.ts) gives back the same packets. Timings are plausible, not measured: a GET is
// taken to have waited since the previous response, a POST to take 1 ms. What DevTools makes of such a
// file is tested by importing it into DevTools itself (test/e2e/har-devtools.test.ts).
import { detectRecordsEio } from '../protocol/version-detect';
import { base64Decode, base64Encode, utf8Length } from '../protocol/bytes';
import { eioTypeCode } from '../protocol/eio-packet';
import {
  isLifecycle,
  type EioVersion,
  type PacketRecord,
  type SessionRecord,
  type Transport,
} from '../record';

export interface HarExportOptions {
  /** Epoch ms that record time 0 stands for (the session header's `created`). */
  readonly startedAt: number;
  /** Where the session connected to, for records that carry no URL of their own. */
  readonly target?: string;
  readonly creator?: { readonly name: string; readonly version: string };
}

export interface HarWebSocketMessage {
  readonly type: 'send' | 'receive';
  /** Epoch seconds. */
  readonly time: number;
  readonly opcode: 1 | 2;
  readonly data: string;
}

export interface HarEntry {
  readonly startedDateTime: string;
  readonly time: number;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly httpVersion: string;
    readonly headers: readonly { readonly name: string; readonly value: string }[];
    readonly queryString: readonly { readonly name: string; readonly value: string }[];
    readonly cookies: readonly never[];
    readonly headersSize: number;
    readonly bodySize: number;
    readonly postData?: { readonly mimeType: string; readonly text: string };
  };
  readonly response: {
    readonly status: number;
    readonly statusText: string;
    readonly httpVersion: string;
    readonly headers: readonly { readonly name: string; readonly value: string }[];
    readonly cookies: readonly never[];
    readonly content: { readonly size: number; readonly mimeType: string; readonly text?: string };
    readonly redirectURL: string;
    readonly headersSize: number;
    readonly bodySize: number;
    /** Chrome's own field for the Size column; without it DevTools adds headersSize -1 to bodySize. */
    readonly _transferSize: number;
  };
  readonly cache: Record<string, never>;
  readonly timings: {
    readonly blocked: number;
    readonly dns: number;
    readonly connect: number;
    readonly send: number;
    readonly wait: number;
    readonly receive: number;
    readonly ssl: number;
  };
  readonly _resourceType: 'xhr' | 'websocket';
  readonly _webSocketMessages?: readonly HarWebSocketMessage[];
}

export interface HarDocument {
  readonly log: {
    readonly version: '1.2';
    readonly creator: { readonly name: string; readonly version: string };
    readonly pages: readonly never[];
    readonly entries: readonly HarEntry[];
  };
}

export function sessionToHar(records: readonly SessionRecord[], options: HarExportOptions): HarDocument {
  const byConn = new Map<string, SessionRecord[]>();
  for (const record of records) {
    const list = byConn.get(record.conn);
    if (list === undefined) byConn.set(record.conn, [record]);
    else list.push(record);
  }
  const entries = [...byConn.values()].flatMap((list) => connectionEntries(list, options));
  entries.sort((a, b) => Date.parse(a.startedDateTime) - Date.parse(b.startedDateTime));
  return {
    log: {
      version: '1.2',
      creator: options.creator ?? { name: 'sio-inspector', version: '0' },
      pages: [],
      entries,
    },
  };
}

interface WireFrame {
  readonly t: number;
  readonly dir: 'in' | 'out';
  readonly transport: Transport;
  readonly body: string | Uint8Array;
  readonly opensSession: boolean;
}

function connectionEntries(records: readonly SessionRecord[], options: HarExportOptions): HarEntry[] {
  const eio = detectRecordsEio(records).eio;
  const urls = new ConnectionUrls(records, eio, options.target);
  const frames = wireFrames(records, eio);
  const epoch = (t: number): number => options.startedAt + t;
  const entries: HarEntry[] = [];
  let lastResponse = records[0]?.t ?? 0;
  for (const frame of frames.filter((f) => f.transport === 'polling')) {
    const text = typeof frame.body === 'string' ? frame.body : base64Encode(frame.body);
    const url = urls.polling(!frame.opensSession);
    if (frame.dir === 'in') {
      const waited = Math.max(MIN_REQUEST_MS, frame.t - lastResponse);
      lastResponse = frame.t;
      entries.push(entry('GET', url, epoch(frame.t - waited), epoch(frame.t), 200, { response: text }));
    } else {
      const bodies = { request: text, response: 'ok' };
      entries.push(entry('POST', url, epoch(frame.t), epoch(frame.t + MIN_REQUEST_MS), 200, bodies));
    }
  }
  const ws = frames.filter((f) => f.transport === 'websocket');
  const first = ws[0];
  if (first !== undefined) {
    const opened = records.find((r) => isLifecycle(r) && r.event === 'ws-open')?.t ?? first.t;
    const start = Math.min(opened, first.t);
    const end = Math.max(ws[ws.length - 1]?.t ?? start, start + MIN_REQUEST_MS);
    const messages = ws.map((f): HarWebSocketMessage => ({
      type: f.dir === 'out' ? 'send' : 'receive',
      time: epoch(f.t) / 1000,
      ...(typeof f.body === 'string'
        ? { opcode: 1 as const, data: f.body }
        : { opcode: 2 as const, data: base64Encode(f.body) }),
    }));
    entries.push({
      ...entry('GET', urls.websocket(), epoch(start), epoch(end), 101, {}),
      _resourceType: 'websocket',
      _webSocketMessages: messages,
    });
  }
  return entries;
}

/** DevTools shows a request that took no time at all as still "Pending". */
const MIN_REQUEST_MS = 1;

/** The records of each wire frame, encoded back into the frame (a polling body or one WebSocket message). */
function wireFrames(records: readonly SessionRecord[], eio: EioVersion): WireFrame[] {
  const groups = new Map<number, PacketRecord[]>();
  for (const record of records) {
    if (isLifecycle(record)) continue;
    const group = groups.get(record.frame);
    if (group === undefined) groups.set(record.frame, [record]);
    else group.push(record);
  }
  const frames: WireFrame[] = [];
  for (const [, group] of [...groups].sort(([a], [b]) => a - b)) {
    const head = group[0] as PacketRecord;
    const packets = group.map((r) => packetOf(r, eio, head.transport));
    const body = head.transport === 'websocket' ? packets[0] : pollingBody(packets, eio);
    if (body === undefined) continue;
    const opensSession = group.some((r) => r.eio?.type === 'open');
    frames.push({ t: head.t, dir: head.dir, transport: head.transport, body, opensSession });
  }
  return frames;
}

/** One packet as it travels: a WebSocket message, or (polling) its text within the body. */
function packetOf(record: PacketRecord, eio: EioVersion, transport: Transport): string | Uint8Array {
  if (record.eio === undefined || record.error !== undefined) {
    const raw = record.raw;
    if (raw === undefined) return '';
    if (typeof raw === 'string') return raw;
    const bytes = base64Decode(raw.$binary) ?? new Uint8Array(0);
    return transport === 'websocket' ? bytes : `b${base64Encode(bytes)}`;
  }
  const { type, data } = record.eio;
  const digit = String(eioTypeCode(type));
  if (data === undefined || data === null) return digit;
  if (typeof data === 'string') return digit + data;
  if (typeof data === 'object' && !Array.isArray(data) && typeof data['$binary'] === 'string') {
    const bytes = base64Decode(data['$binary']) ?? new Uint8Array(0);
    if (transport === 'polling')
      return eio === 4 ? `b${base64Encode(bytes)}` : `b${digit}${base64Encode(bytes)}`;
    if (eio === 4) return bytes;
    const frame = new Uint8Array(bytes.length + 1);
    frame[0] = Number(digit);
    frame.set(bytes, 1);
    return frame;
  }
  return digit + JSON.stringify(data); // the open packet's handshake object
}

/**
 * v4: packets joined by \x1e; v3: each `<length>:` prefixed, length in UTF-16 units (docs/protocol.md §1.7).
 */
function pollingBody(packets: readonly (string | Uint8Array)[], eio: EioVersion): string {
  const texts = packets.map((p) => (typeof p === 'string' ? p : `b${base64Encode(p)}`));
  return eio === 4 ? texts.join('\x1e') : texts.map((p) => `${p.length}:${p}`).join('');
}

/** The URLs a connection's requests went to: its first recorded request's, else the target's. */
class ConnectionUrls {
  private readonly base: string;
  private readonly extra: string;
  private readonly sid: string | undefined;
  private readonly polled: boolean;

  constructor(
    records: readonly SessionRecord[],
    private readonly eio: EioVersion,
    target: string | undefined,
  ) {
    const recorded = records.find((r) => isLifecycle(r) && r.event === 'http-request' && r.url !== undefined);
    const url = recorded !== undefined && isLifecycle(recorded) ? (recorded.url ?? '') : '';
    const origin = originOf(url) ?? originOf(target ?? '') ?? 'http://localhost';
    const pathStart = url.startsWith('/') ? 0 : originOf(url)?.length;
    const path =
      pathStart === undefined ? '/socket.io/' : (url.slice(pathStart).split('?')[0] ?? '/socket.io/');
    this.base = `${origin}${path === '' ? '/socket.io/' : path}`;
    this.extra = extraQuery(url);
    const open = records.find((r) => !isLifecycle(r) && r.eio?.type === 'open');
    const data = open !== undefined && !isLifecycle(open) ? open.eio?.data : undefined;
    const sid = typeof data === 'object' && data !== null && !Array.isArray(data) ? data['sid'] : undefined;
    this.sid = typeof sid === 'string' ? sid : undefined;
    this.polled = records.some((r) => !isLifecycle(r) && r.transport === 'polling');
  }

  polling(withSid: boolean): string {
    return this.url(this.base, 'polling', withSid);
  }

  /** An upgrade names its session; a WebSocket-only connection has no sid yet when it opens. */
  websocket(): string {
    return this.url(this.base.replace(/^http/, 'ws'), 'websocket', this.polled);
  }

  private url(base: string, transport: Transport, withSid: boolean): string {
    const sid = withSid && this.sid !== undefined ? `&sid=${encodeURIComponent(this.sid)}` : '';
    return `${base}?EIO=${this.eio}&transport=${transport}${sid}${this.extra}`;
  }
}

/** Query parameters of the client's own (auth tokens and the like), minus the ones Engine.IO sets. */
function extraQuery(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return '';
  const kept = url
    .slice(q + 1)
    .split('&')
    .filter((pair) => pair !== '' && !ENGINE_PARAMS.has(pair.split('=')[0] ?? ''));
  return kept.map((pair) => `&${pair}`).join('');
}

const ENGINE_PARAMS = new Set(['EIO', 'transport', 'sid', 't', 'b64', 'j']);

function originOf(url: string): string | undefined {
  const match = /^(https?|wss?):\/\/[^/?#]+/i.exec(url);
  return match?.[0].replace(/^ws/i, 'http');
}

function entry(
  method: 'GET' | 'POST',
  url: string,
  startEpochMs: number,
  endEpochMs: number,
  status: number,
  bodies: { readonly request?: string; readonly response?: string },
): HarEntry {
  // startedDateTime keeps whole ms; the time counts from there so that the entry still ends when its
  // frame arrived (a WebSocket's, after its last message), to the µs the records have.
  const started = Math.floor(startEpochMs);
  const time = Math.round((endEpochMs - started) * 1000) / 1000;
  const mimeType = 'text/plain; charset=UTF-8';
  // HAR sizes are bytes: the bodies go out as UTF-8.
  const requestBytes = bodies.request === undefined ? 0 : utf8Length(bodies.request);
  const responseBytes = bodies.response === undefined ? 0 : utf8Length(bodies.response);
  return {
    startedDateTime: new Date(started).toISOString(),
    time,
    request: {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      headers: [],
      queryString: queryString(url),
      cookies: [],
      headersSize: -1,
      bodySize: requestBytes,
      ...(bodies.request !== undefined && { postData: { mimeType, text: bodies.request } }),
    },
    response: {
      status,
      statusText: status === 101 ? 'Switching Protocols' : 'OK',
      httpVersion: 'HTTP/1.1',
      headers: [],
      cookies: [],
      content: {
        size: responseBytes,
        mimeType: status === 101 ? 'x-unknown' : mimeType,
        ...(bodies.response !== undefined && { text: bodies.response }),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: responseBytes,
      // Headers were not recorded: the body is all that is known to have crossed the wire.
      _transferSize: responseBytes,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait: time, receive: 0, ssl: -1 },
    _resourceType: 'xhr',
  };
}

function queryString(url: string): { readonly name: string; readonly value: string }[] {
  const q = url.indexOf('?');
  if (q === -1) return [];
  return url
    .slice(q + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1 ? { name: pair, value: '' } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
    });
}
