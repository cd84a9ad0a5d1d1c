// One timeline row from one record: the columns as text and a kind for its colour. Pure, cached per
// record object, so rendering a screenful while scrolling costs no JSON.stringify of big payloads twice.
import { formatBytes, jsonPreview } from '../../shared/json-preview';
import type { Json, LifecycleRecord, PacketRecord, SessionRecord, SioField } from '../../shared/record';
import { isLifecycle } from '../../shared/record';

export type RowKind =
  | 'handshake'
  | 'heartbeat'
  | 'probe'
  | 'upgrade'
  | 'connect'
  | 'disconnect'
  | 'event'
  | 'ack'
  | 'binary'
  | 'message'
  | 'close'
  | 'noop'
  | 'lifecycle'
  | 'error';

export interface RowCells {
  readonly time: string;
  readonly conn: string;
  readonly dir: string;
  readonly transport: string;
  readonly eio: string;
  readonly sio: string;
  readonly nsp: string;
  readonly name: string;
  readonly size: string;
  readonly preview: string;
  readonly kind: RowKind;
}

const PREVIEW_CHARS = 200;
const cache = new WeakMap<SessionRecord, RowCells>();

export function rowCells(record: SessionRecord): RowCells {
  let cells = cache.get(record);
  if (cells === undefined) {
    cells = isLifecycle(record) ? lifecycleCells(record) : packetCells(record);
    cache.set(record, cells);
  }
  return cells;
}

/** ms since the session started as `s.mmm`, `m:ss.mmm` past a minute, `h:mm:ss.mmm` past an hour. */
/**
 * The one way the app writes a record's time: seconds since the session started, to the millisecond
 * (`75.650 s`), everywhere (timeline, detail, sequence, acks, playback), so times can be compared by eye.
 */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  return `${(Math.max(0, Math.round(ms)) / 1000).toFixed(3)} s`;
}

/**
 * The wall-clock time of a record, for a hover: `started` (the session's start, ISO 8601) plus `ms`, in
 * the local time zone with milliseconds; undefined when the session does not say when it started.
 */
export function wallClock(started: string | undefined, ms: number): string | undefined {
  const start = started === undefined ? Number.NaN : Date.parse(started);
  if (!Number.isFinite(start) || !Number.isFinite(ms)) return undefined;
  // Rounded as formatTime rounds, so the two read the same millisecond.
  const at = new Date(start + Math.round(ms));
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
  return `${date} ${time}`;
}

/** The hover of a shown time: what it counts from, and the wall clock when known. */
export function timeTitle(started: string | undefined, ms: number): string {
  const clock = wallClock(started, ms);
  return `since the session started${clock === undefined ? '' : ` · ${clock}`}`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** Compact JSON, cut to `max` characters; a cut string ends with an ellipsis. */
export function preview(value: Json | undefined, max = PREVIEW_CHARS): string {
  return jsonPreview(value, max);
}

export { formatBytes };

/** An event's args; a recovering server's offset, their last, named apart from them. */
function eventPreview(sio: SioField): string {
  const args = sio.args ?? sio.data;
  if (sio.offset === undefined || !Array.isArray(args)) return preview(args);
  return `${preview(args.slice(0, -1))} offset ${sio.offset}`;
}

function packetCells(p: PacketRecord): RowCells {
  const sio = p.sio;
  const base = {
    time: formatTime(p.t),
    conn: p.conn,
    dir: p.dir === 'out' ? '→' : '←',
    transport: p.transport === 'websocket' ? 'ws' : 'poll',
    eio: p.eio?.type ?? (p.error !== undefined ? 'error' : ''),
    sio: sio?.type ?? (p.attachmentOf !== undefined ? 'attachment' : ''),
    nsp: sio?.nsp ?? '',
    size: formatBytes(p.size),
  };
  if (p.error !== undefined) {
    return { ...base, name: p.error.code, preview: p.error.message, kind: 'error' };
  }
  if (sio !== undefined) {
    const id = sio.id === undefined ? '' : `#${sio.id}`;
    switch (sio.type) {
      case 'EVENT':
      case 'BINARY_EVENT':
        return {
          ...base,
          name: `${sio.event === undefined ? '' : String(sio.event)}${id === '' ? '' : ` ${id}`}`,
          preview: eventPreview(sio),
          kind: sio.type === 'EVENT' ? 'event' : 'binary',
        };
      case 'ACK':
      case 'BINARY_ACK':
        return { ...base, name: `ack ${id}`, preview: preview(sio.args ?? sio.data), kind: 'ack' };
      case 'CONNECT':
        return { ...base, name: '', preview: preview(sio.data), kind: 'connect' };
      case 'CONNECT_ERROR':
      case 'ERROR':
        return { ...base, name: '', preview: preview(sio.data), kind: 'error' };
      case 'DISCONNECT':
        return { ...base, name: '', preview: '', kind: 'disconnect' };
    }
  }
  const eio = p.eio;
  if (p.attachmentOf !== undefined) {
    return { ...base, name: `of frame ${p.attachmentOf}`, preview: preview(eio?.data), kind: 'binary' };
  }
  switch (eio?.type) {
    case 'open':
      return { ...base, name: '', preview: preview(eio.data), kind: 'handshake' };
    case 'ping':
    case 'pong':
      return {
        ...base,
        name: '',
        preview: preview(eio.data),
        kind: eio.data === 'probe' ? 'probe' : 'heartbeat',
      };
    case 'upgrade':
      return { ...base, name: '', preview: '', kind: 'upgrade' };
    case 'noop':
      return { ...base, name: '', preview: '', kind: 'noop' };
    case 'close':
      return { ...base, name: '', preview: preview(eio.data), kind: 'close' };
    case 'message':
    case undefined:
      return { ...base, name: '', preview: preview(eio?.data), kind: 'message' };
  }
}

function lifecycleCells(r: LifecycleRecord): RowCells {
  const detail = lifecycleDetail(r);
  return {
    time: formatTime(r.t),
    conn: r.conn,
    dir: '·',
    transport: r.transport === 'websocket' ? 'ws' : r.transport === 'polling' ? 'poll' : '',
    eio: '',
    sio: '',
    nsp: '',
    name: r.event,
    size: '',
    preview: detail,
    kind: r.event === 'transport-error' || r.event === 'input-error' ? 'error' : 'lifecycle',
  };
}

function lifecycleDetail(r: LifecycleRecord): string {
  switch (r.event) {
    case 'http-request':
      return [r.method, r.status, r.ms === undefined ? undefined : `${Math.round(r.ms)} ms`, r.url]
        .filter((x) => x !== undefined)
        .join(' ');
    case 'ws-open':
      return [r.url, r.extensions].filter((x) => x !== undefined && x !== '').join(' ');
    case 'ws-close':
      return [r.code, r.reason].filter((x) => x !== undefined && x !== '').join(' ');
    case 'transport-error':
    case 'note':
    case 'reconnect':
      return r.message ?? '';
    case 'closed':
      return r.reason ?? '';
    case 'input-error':
      return `line ${r.line ?? '?'}: ${r.error?.message ?? ''}`;
  }
}
