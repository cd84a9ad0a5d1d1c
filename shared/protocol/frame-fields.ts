// One record as a tree of fields over its raw packet, each with the range it came from (docs/architecture.md §7:
// Wireshark's tree): the detail view highlights a field's bytes in the text and hex dumps.
//
// Records keep what is needed to rebuild the packet text exactly: a message's Socket.IO text is its
// `eio.data`, undecodable input is kept in `raw`. Only a handshake is stored parsed; it is re-encoded
// with JSON.stringify, which is what engine.io writes (`exact: false` says the text was rebuilt).
import { EIO_PACKET_TYPES, type EioVersion, type Json, type PacketRecord, type SioField } from '../record';
import { base64Decode, utf8Length } from './bytes';
import { encodeEioFrame } from './eio-packet';
import { encodeSioPacket, scanSioHeader } from './sio-packet';

export interface FrameField {
  readonly label: string;
  readonly value: string;
  /** [start, end) in the raw packet, in bytes (of a text packet's UTF-8 encoding), as the hex view counts. */
  readonly start: number;
  readonly end: number;
  readonly children?: readonly FrameField[];
}

export interface FrameView {
  /** The packet: text (type digit first) or binary data. */
  readonly raw: string | Uint8Array;
  /** true when `raw` is what the record kept from the wire; false when re-encoded from the decoded record. */
  readonly exact: boolean;
  readonly fields: readonly FrameField[];
  /** What the raw view does not show (the polling payload around the packet, the v3 type byte). */
  readonly note?: string;
}

const SIO_TYPE_NAMES = [
  'CONNECT',
  'DISCONNECT',
  'EVENT',
  'ACK',
  'CONNECT_ERROR / ERROR',
  'BINARY_EVENT',
  'BINARY_ACK',
];
const VALUE_CHARS = 80;

/** The field tree of a packet record; undefined when there is nothing to show (no data at all). */
export function frameFields(record: PacketRecord, version: EioVersion = 4): FrameView | undefined {
  const note = record.transport === 'polling' ? 'one packet of a polling payload' : undefined;
  const eio = record.eio;
  // Messages keep their Socket.IO text in `eio.data` as it came (on error records too): the packet is exact.
  // A recovering server's event ends with the offset it appended (shared/protocol/recovery-offsets.ts).
  const offset = record.sio?.offset !== undefined;
  if (eio?.type === 'message' && typeof eio.data === 'string') {
    const text = `4${eio.data}`;
    return withNote({ raw: text, exact: true, fields: textFields(text, offset) }, note);
  }
  if (record.raw !== undefined) {
    const raw = typeof record.raw === 'string' ? record.raw : base64Decode(record.raw.$binary);
    if (raw === undefined) return undefined;
    return withNote(
      { raw, exact: true, fields: typeof raw === 'string' ? textFields(raw) : binaryFields(raw) },
      note,
    );
  }
  if (eio === undefined) return undefined;
  const binary = binaryOf(eio.data);
  if (binary !== undefined) {
    const v3 = version === 3 && record.transport === 'websocket';
    const label =
      record.attachmentOf !== undefined ? `attachment of frame ${record.attachmentOf}` : 'binary data';
    return withNote(
      { raw: binary, exact: true, fields: binaryFields(binary, label) },
      v3 ? 'v3 sends a 0x04 type byte before these bytes' : note,
    );
  }
  const text = reencode(record, version);
  if (text === undefined) return undefined;
  // Only a JSON handshake is rebuilt; ping, pong and close data are strings kept as they came.
  const exact = eio.data === undefined || typeof eio.data === 'string';
  return withNote({ raw: text, exact, fields: textFields(text, offset) }, note);
}

/**
 * Fields of a text packet: the Engine.IO type, then the Socket.IO header and payload of a message;
 * `offset`: the payload's last item is a recovery offset. The text is scanned in UTF-16 units; the
 * ranges are given in bytes, what goes on the wire.
 */
export function textFields(text: string, offset = false): FrameField[] {
  return inBytes(text, unitFields(text, offset));
}

function unitFields(text: string, offset: boolean): FrameField[] {
  if (text.length === 0) return [];
  const code = text.charCodeAt(0) - 0x30;
  const type = code >= 0 && code <= 6 ? EIO_PACKET_TYPES[code] : undefined;
  const fields: FrameField[] = [
    field(
      'Engine.IO type',
      type === undefined ? `${quote(text[0] ?? '')} (unknown)` : `${code} ${type}`,
      0,
      1,
    ),
  ];
  if (text.length === 1) return fields;
  const end = text.length;
  if (type === 'message') fields.push(sioPacketField(text, 1, offset));
  else if (type === 'open')
    fields.push(field('handshake', clip(text.slice(1)), 1, end, jsonChildren(text, 1, end)));
  else fields.push(field('data', clip(text.slice(1)), 1, end));
  return fields;
}

function sioPacketField(text: string, offset: number, recoveryOffset: boolean): FrameField {
  const body = text.slice(offset);
  const h = scanSioHeader(body);
  const end = text.length;
  const at = (n: number): number => n + offset;
  const children: FrameField[] = [];
  const name = h.typeCode >= 0 ? (SIO_TYPE_NAMES[h.typeCode] ?? '?') : 'unknown';
  children.push(
    field(
      'Socket.IO type',
      h.typeCode >= 0 ? `${h.typeCode} ${name}` : quote(body.slice(0, 1)),
      at(0),
      at(1),
    ),
  );
  if (h.attachments !== undefined) {
    children.push(
      field('attachments', String(h.attachments), at(h.attachmentsStart), at(h.attachmentsEnd + 1)),
    );
  }
  const nsp = h.nspEnd > h.nspStart ? body.slice(h.nspStart, h.nspEnd) : '/';
  children.push(
    field(
      'namespace',
      nsp === '/' && h.nspEnd === h.nspStart ? '/ (implied)' : nsp,
      at(h.nspStart),
      at(h.nspEnd),
    ),
  );
  if (h.idEnd > h.idStart)
    children.push(field('ack id', body.slice(h.idStart, h.idEnd), at(h.idStart), at(h.idEnd)));
  if (h.error !== undefined) children.push(field('error', h.error.message, at(h.idEnd), end));
  if (h.payloadStart < body.length) {
    const start = at(h.payloadStart);
    const items = jsonChildren(text, start, end);
    const last = recoveryOffset ? items.length - 1 : -1;
    const named = items.map((f, i) => ({
      ...f,
      label: i === last ? 'offset (connection-state recovery)' : (argLabel(h.typeCode, i) ?? f.label),
    }));
    children.push(field('payload', clip(text.slice(start)), start, end, named));
  }
  return field('Socket.IO packet', `${name}${nsp === '/' ? '' : ` ${nsp}`}`, offset, end, children);
}

/** EVENT payloads are the name then the args; ACK payloads are all args; others keep `[i]`. */
function argLabel(typeCode: number, i: number): string | undefined {
  if (typeCode === 2 || typeCode === 5) return i === 0 ? 'event' : `arg ${i - 1}`;
  if (typeCode === 3 || typeCode === 6) return `arg ${i}`;
  return undefined;
}

/**
 * The members of the JSON array or object in text[start, end): elements as `[i]`, members by key, with
 * ranges (`"key":value` for members). Scans, never parses, so malformed JSON gives what it can.
 */
export function jsonChildren(text: string, start: number, end: number): FrameField[] {
  let i = skipSpace(text, start, end);
  const open = text[i];
  if (open !== '[' && open !== '{') return [];
  const out: FrameField[] = [];
  i++;
  let index = 0;
  while (i < end) {
    i = skipSpace(text, i, end);
    const c = text[i];
    if (c === ']' || c === '}' || c === undefined) break;
    const itemStart = i;
    let label = `[${index}]`;
    if (open === '{') {
      const keyEnd = skipValue(text, i, end);
      label = unquote(text.slice(i, keyEnd));
      i = skipSpace(text, keyEnd, end);
      if (text[i] !== ':') break;
      i = skipSpace(text, i + 1, end);
    }
    const valueStart = i;
    const valueEnd = skipValue(text, i, end);
    if (valueEnd === valueStart) break;
    out.push(field(label, clip(text.slice(valueStart, valueEnd)), itemStart, valueEnd));
    index++;
    i = skipSpace(text, valueEnd, end);
    if (text[i] === ',') i++;
  }
  return out;
}

/**
 * A byte range of a text packet's UTF-8 encoding as the UTF-16 range of the same characters (to mark
 * them in the text); a range that cuts a character takes the whole character.
 */
export function textRange(text: string, byteStart: number, byteEnd: number): [number, number] {
  let bytes = 0;
  let start = -1;
  for (let i = 0; i < text.length;) {
    const units = surrogatePair(text, i) ? 2 : 1;
    const next = bytes + utf8Length(text, i, i + units);
    if (start === -1 && next > byteStart) start = i;
    if (next >= byteEnd && start !== -1) return [start, i + units];
    bytes = next;
    i += units;
  }
  return start === -1 ? [text.length, text.length] : [start, text.length];
}

/** The fields with their UTF-16 ranges in `text` turned into byte ranges: one pass over the text. */
function inBytes(text: string, fields: readonly FrameField[]): FrameField[] {
  if (utf8Length(text) === text.length) return [...fields];
  const positions: number[] = [];
  const collect = (list: readonly FrameField[]): void => {
    for (const f of list) {
      positions.push(f.start, f.end);
      if (f.children !== undefined) collect(f.children);
    }
  };
  collect(fields);
  positions.sort((a, b) => a - b);
  const byteAt = new Map<number, number>();
  let unit = 0;
  let bytes = 0;
  for (const position of positions) {
    if (byteAt.has(position)) continue;
    bytes += utf8Length(text, unit, position);
    unit = position;
    byteAt.set(position, bytes);
  }
  const convert = (list: readonly FrameField[]): FrameField[] =>
    list.map((f) => ({
      ...f,
      start: byteAt.get(f.start) ?? f.start,
      end: byteAt.get(f.end) ?? f.end,
      ...(f.children !== undefined && { children: convert(f.children) }),
    }));
  return convert(fields);
}

function surrogatePair(text: string, i: number): boolean {
  return (text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
}

/** The end of the JSON value at `i` (a string, a container, or a bare literal). */
function skipValue(text: string, i: number, end: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i, end);
  if (c === '[' || c === '{') {
    // Depth counting; brackets inside strings are skipped with the strings.
    let depth = 0;
    let j = i;
    while (j < end) {
      const d = text[j];
      if (d === '"') {
        j = skipString(text, j, end);
        continue;
      }
      if (d === '[' || d === '{') depth++;
      else if (d === ']' || d === '}') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return end;
  }
  let j = i;
  while (j < end && !',]}'.includes(text[j] as string) && !isSpace(text.charCodeAt(j))) j++;
  return j;
}

function skipString(text: string, i: number, end: number): number {
  let j = i + 1;
  while (j < end) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === '"') return j + 1;
    else j++;
  }
  return end;
}

function skipSpace(text: string, i: number, end: number): number {
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function binaryFields(bytes: Uint8Array, label = 'binary data'): FrameField[] {
  return [field(label, `${bytes.length} bytes`, 0, bytes.length)];
}

/** The packet text as the encoders write it; undefined for what has no text form. */
function reencode(record: PacketRecord, version: EioVersion): string | undefined {
  const eio = record.eio;
  if (eio === undefined) return undefined;
  if (eio.type === 'message' && record.sio !== undefined) {
    const sio = sioText(record.sio);
    return sio === undefined ? undefined : `4${sio}`;
  }
  const data = eio.data;
  const text = data === undefined ? undefined : typeof data === 'string' ? data : JSON.stringify(data);
  const frame = encodeEioFrame(
    text === undefined ? { type: eio.type } : { type: eio.type, data: text },
    version,
  );
  return typeof frame === 'string' ? frame : undefined;
}

function sioText(sio: SioField): string | undefined {
  const data: Json | undefined =
    sio.type === 'EVENT' || sio.type === 'BINARY_EVENT'
      ? sio.event === undefined
        ? (sio.args ?? sio.data)
        : [sio.event, ...(sio.args ?? [])]
      : sio.type === 'ACK' || sio.type === 'BINARY_ACK'
        ? (sio.args ?? sio.data)
        : sio.data;
  try {
    const packet = {
      type: sio.type,
      nsp: sio.nsp,
      ...(sio.id === undefined ? {} : { id: sio.id }),
      ...(data === undefined ? {} : { data }),
    };
    return encodeSioPacket(packet, 5).text;
  } catch {
    // A namespace or id the grammar cannot carry came from a decoded error record: nothing to re-encode.
    return undefined;
  }
}

function binaryOf(data: Json | undefined): Uint8Array | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const b64 = data['$binary'];
  return typeof b64 === 'string' && Object.keys(data).length === 1 ? base64Decode(b64) : undefined;
}

function field(
  label: string,
  value: string,
  start: number,
  end: number,
  children?: readonly FrameField[],
): FrameField {
  return children === undefined || children.length === 0
    ? { label, value, start, end }
    : { label, value, start, end, children };
}

function withNote(view: FrameView, note: string | undefined): FrameView {
  return note === undefined ? view : { ...view, note };
}

function clip(s: string): string {
  return s.length > VALUE_CHARS ? `${s.slice(0, VALUE_CHARS - 1)}…` : s;
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function unquote(s: string): string {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'string' ? v : s;
  } catch {
    return s;
  }
}
