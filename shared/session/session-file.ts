// Session files: what `capture --out` writes and `decode` and the app open. UTF-8, one JSON value a line:
//
//   line 1   {"format":"sio-inspector-session","version":1,"created":"<ISO 8601>","target":"<url>",
//             "options":{"kind":"capture",...how the session was made: session-origin.ts...},"tool":{"name":"sio-inspector","version":"…"}}
//   line 2+  one SessionRecord each (README.md, "Records"), in the order they happened
//
// The writer appends and flushes at least every 100 ms, so a crash leaves a file whose last line may be
// cut short. Such a torn last line is reported and everything before it is kept. Every line is checked
// before use: a session file is user input like any other.
import { MAX_LINE_CHARS } from '../limits';
import { lineTooLong } from './line-splitter';
import { parseJson } from '../bounded-json';
import { decodeError, type DecodeError } from '../protocol/errors';
import { EIO_PACKET_TYPES, LIFECYCLE_EVENTS, SIO_PACKET_TYPES, type SessionRecord } from '../record';
import { inputErrorRecord } from './frame-lines';
import { readOrigin, type SessionOrigin } from './session-origin';

export const SESSION_FORMAT = 'sio-inspector-session';
export const SESSION_VERSION = 1;
/** How a session file's name ends, in the sessions folder and where the app offers to save one. */
export const SESSION_FILE_EXTENSION = '.sio-session.ndjson';

export interface SessionHeader {
  readonly format: typeof SESSION_FORMAT;
  readonly version: number;
  /** When recording started, ISO 8601 with time zone. */
  readonly created: string;
  /** The URL the session connected to (or listened for, for a proxy). */
  readonly target: string;
  /** How the session was made, typed as read (session-origin.ts). */
  readonly options: SessionOrigin;
  readonly tool: { readonly name: string; readonly version: string };
}

export type SessionLineResult = { readonly record: SessionRecord } | { readonly error: DecodeError };

export interface SessionText {
  readonly header: SessionHeader;
  readonly records: SessionRecord[];
  /** Lines that are not records, with their 1-based line number; a torn last line is among them. */
  readonly problems: { readonly line: number; readonly error: DecodeError; readonly raw: string }[];
}

export function parseSessionHeader(
  line: string,
): { readonly header: SessionHeader } | { readonly error: DecodeError } {
  const value = parseObject(line);
  if (value === undefined) return invalid('the header is not a JSON object');
  const { format, version, created, target, options, tool } = value;
  if (format !== SESSION_FORMAT) return invalid(`"format" must be "${SESSION_FORMAT}"`);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return invalid('"version" must be a positive integer');
  if (version > SESSION_VERSION)
    return invalid(
      `session format version ${version} is newer than this tool reads (${SESSION_VERSION}); update sio-inspector`,
    );
  if (typeof created !== 'string' || Number.isNaN(Date.parse(created)))
    return invalid('"created" must be an ISO 8601 time');
  if (typeof target !== 'string') return invalid('"target" must be a string');
  if (!isObject(options)) return invalid('"options" must be an object');
  if (!isObject(tool) || typeof tool['name'] !== 'string' || typeof tool['version'] !== 'string')
    return invalid('"tool" must be {"name","version"}');
  const header: SessionHeader = {
    format: SESSION_FORMAT,
    version,
    created,
    target,
    options: readOrigin(options),
    tool: { name: tool['name'], version: tool['version'] },
  };
  return { header };
}

/** One record line, checked field by field so that nothing downstream meets a shape it does not know. */
export function parseSessionLine(line: string): SessionLineResult {
  const value = parseObject(line);
  if (value === undefined) return invalid('not a JSON object');
  const problem = recordProblem(value);
  return problem === undefined ? { record: value as unknown as SessionRecord } : invalid(problem);
}

/** The error for a last line with no newline that does not parse: the file was cut while being written. */
export function tornLineError(line: number): DecodeError {
  return decodeError(
    'SESSION_LINE_TORN',
    `line ${line} ends the file mid-record (cut while recording, e.g. a crash); the records before it are kept`,
  );
}

/**
 * Reads the record lines of a streamed session file (the header already taken): each line becomes its
 * record, or an input-error record that says what is wrong with it, timed like the record before it.
 */
export class SessionLineReader {
  private lastT = 0;

  /** `lineNo` is 1-based in the file; `unterminated` is true for a last line with no newline. */
  read(line: string, lineNo: number, unterminated: boolean): SessionRecord {
    const result = parseSessionLine(line);
    if ('record' in result) {
      this.lastT = result.record.t;
      return result.record;
    }
    const error = unterminated
      ? tornLineError(lineNo)
      : { ...result.error, message: `line ${lineNo}: ${result.error.message}` };
    return inputErrorRecord(this.lastT, lineNo, error, line);
  }

  /** The record for a line past MAX_LINE_CHARS, of which only the start (`head`) was kept. */
  tooLong(head: string, lineNo: number, length: number): SessionRecord {
    return inputErrorRecord(
      this.lastT,
      lineNo,
      lineTooLong('SESSION_LINE_INVALID', lineNo, length, MAX_LINE_CHARS),
      head,
    );
  }
}

/** A whole session file in memory (the app's open-file path; `decode` streams line by line instead). */
export function readSessionText(
  text: string,
): { readonly session: SessionText } | { readonly error: DecodeError } {
  const lines = text.split('\n');
  const complete = text.endsWith('\n');
  if (complete) lines.pop();
  const first = stripCr(lines[0] ?? '');
  const parsed = parseSessionHeader(first);
  if ('error' in parsed) return parsed;
  const records: SessionRecord[] = [];
  const problems: SessionText['problems'][number][] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = stripCr(lines[i] as string);
    if (line.length === 0) continue;
    const result = parseSessionLine(line);
    if ('record' in result) records.push(result.record);
    else if (!complete && i === lines.length - 1)
      problems.push({ line: i + 1, error: tornLineError(i + 1), raw: line });
    else problems.push({ line: i + 1, error: result.error, raw: line });
  }
  return { session: { header: parsed.header, records, problems } };
}

const EVENTS: ReadonlySet<string> = new Set(LIFECYCLE_EVENTS);
const EIO_TYPES: ReadonlySet<string> = new Set(EIO_PACKET_TYPES);
const SIO_TYPES: ReadonlySet<string> = new Set(SIO_PACKET_TYPES);

function recordProblem(r: { readonly [key: string]: unknown }): string | undefined {
  if (!isTime(r['t'])) return '"t" must be a non-negative number of ms';
  if (typeof r['conn'] !== 'string' || r['conn'] === '') return '"conn" must be a non-empty string';
  if (!optional(r['error'], isDecodeError)) return '"error" must be {"code","message"}';
  if ('event' in r) {
    if (!EVENTS.has(r['event'] as string)) return `unknown lifecycle event ${JSON.stringify(r['event'])}`;
    for (const key of [
      'method',
      'url',
      'reason',
      'message',
      'raw',
      'extensions',
      'reconnectOf',
      'origin',
      'allowOrigin',
    ] as const)
      if (!optional(r[key], (v) => typeof v === 'string')) return `"${key}" must be a string`;
    for (const key of ['requestHeaders', 'responseHeaders'] as const)
      if (!optional(r[key], isStrings)) return `"${key}" must be an array of strings`;
    for (const key of ['status', 'ms', 'code', 'line', 'frame', 'attempt'] as const)
      if (!optional(r[key], isNumber)) return `"${key}" must be a number`;
    return undefined;
  }
  if (!isIndex(r['frame'])) return '"frame" must be a non-negative integer';
  if (r['dir'] !== 'in' && r['dir'] !== 'out') return '"dir" must be "in" or "out"';
  if (r['transport'] !== 'polling' && r['transport'] !== 'websocket')
    return '"transport" must be "polling" or "websocket"';
  if (!isNumber(r['size'])) return '"size" must be a number';
  if (!optional(r['eioVersion'], (v) => v === 3 || v === 4)) return '"eioVersion" must be 3 or 4';
  if (!optional(r['attachmentOf'], isIndex)) return '"attachmentOf" must be a frame index';
  const eio = r['eio'];
  if (eio !== undefined && !(isObject(eio) && EIO_TYPES.has(eio['type'] as string)))
    return '"eio.type" is not an Engine.IO packet type';
  const sio = r['sio'];
  if (sio === undefined) return undefined;
  if (!isObject(sio) || !SIO_TYPES.has(sio['type'] as string))
    return '"sio.type" is not a Socket.IO packet type';
  if (typeof sio['nsp'] !== 'string') return '"sio.nsp" must be a string';
  if (!optional(sio['id'], isIndex)) return '"sio.id" must be a non-negative integer';
  if (!optional(sio['event'], (v) => typeof v === 'string' || isNumber(v)))
    return '"sio.event" must be a string or number';
  if (!optional(sio['args'], Array.isArray)) return '"sio.args" must be an array';
  if (!optional(sio['attachments'], isIndex)) return '"sio.attachments" must be a non-negative integer';
  if (!optional(sio['offset'], (v) => typeof v === 'string')) return '"sio.offset" must be a string';
  return undefined;
}

function parseObject(line: string): { readonly [key: string]: unknown } | undefined {
  const parsed = parseJson(line);
  return 'value' in parsed && isObject(parsed.value) ? parsed.value : undefined;
}

function isObject(v: unknown): v is { readonly [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStrings(v: unknown): boolean {
  return Array.isArray(v) && v.every((item) => typeof item === 'string');
}

function isDecodeError(v: unknown): boolean {
  return isObject(v) && typeof v['code'] === 'string' && typeof v['message'] === 'string';
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isTime(v: unknown): boolean {
  return isNumber(v) && v >= 0;
}

function isIndex(v: unknown): boolean {
  return isNumber(v) && Number.isInteger(v) && v >= 0;
}

function optional(v: unknown, check: (v: unknown) => boolean): boolean {
  return v === undefined || check(v);
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function invalid(why: string): { readonly error: DecodeError } {
  return { error: decodeError('SESSION_LINE_INVALID', why) };
}
