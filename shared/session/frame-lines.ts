// Frame lines (README.md, "Frame lines"): how raw traffic is described to `decode` and in tests.
// `{"dir","transport","text"}` or `{"dir","transport","binary":"<base64>"}`, optional "t" and "conn".
import { isTooDeep, parseJson } from '../bounded-json';
import { base64Decode } from '../protocol/bytes';
import { decodeError, type DecodeError } from '../protocol/errors';
import type { FrameInput, SessionDecoder } from '../protocol/session-decoder';
import { DEFAULT_CONN } from '../protocol/session-decoder';
import type { LifecycleRecord, SessionRecord } from '../record';

export type FrameLineResult = { readonly frame: FrameInput } | { readonly error: DecodeError };

/** Parses one line; anything that is not a frame line says what is wrong with it, never throws. */
export function parseFrameLine(line: string): FrameLineResult {
  const parsed = parseJson(line);
  if ('error' in parsed) return isTooDeep(parsed) ? invalid(parsed.error) : invalid('not JSON');
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return invalid('not a JSON object');
  const { dir, transport, text, binary, t, conn } = value as Record<string, unknown>;
  if (dir !== 'in' && dir !== 'out') return invalid('"dir" must be "in" or "out"');
  if (transport !== 'polling' && transport !== 'websocket')
    return invalid('"transport" must be "polling" or "websocket"');
  if (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t) || t < 0))
    return invalid('"t" must be a non-negative number of ms');
  if (conn !== undefined && (typeof conn !== 'string' || conn.length === 0 || conn.length > 200))
    return invalid('"conn" must be a non-empty string');
  const frame: { -readonly [K in keyof FrameInput]: FrameInput[K] } = { dir, transport };
  if (t !== undefined) frame.t = t;
  if (conn !== undefined) frame.conn = conn;
  if (typeof text === 'string' && binary === undefined) {
    frame.text = text;
    return { frame };
  }
  if (typeof binary === 'string' && text === undefined) {
    const bytes = base64Decode(binary);
    if (bytes === undefined) return invalid('"binary" is not valid base64');
    frame.binary = bytes;
    return { frame };
  }
  return invalid('needs exactly one of "text" (string) or "binary" (base64 string)');
}

/** How much of a bad line an input-error record keeps. */
const RAW_MAX = 4096;

/** The record for an input line that could not be read; nothing that was in the file is lost silently. */
export function inputErrorRecord(t: number, line: number, error: DecodeError, raw: string): LifecycleRecord {
  return {
    t,
    conn: DEFAULT_CONN,
    event: 'input-error',
    line,
    error,
    raw: raw.length > RAW_MAX ? `${raw.slice(0, RAW_MAX)}…` : raw,
  };
}

/**
 * Feeds one frame line to the decoder, or an input-error record in its place; the record goes through
 * the decoder so that it keeps its order with frames held while the version is being detected.
 */
export function readFrameLine(
  decoder: SessionDecoder,
  line: string,
  lineNo: number,
  out: SessionRecord[],
): void {
  const parsed = parseFrameLine(line);
  if ('frame' in parsed) {
    decoder.push(parsed.frame, out);
    return;
  }
  const error = { code: parsed.error.code, message: `line ${lineNo}: ${parsed.error.message}` };
  decoder.pushLifecycle(inputErrorRecord(decoder.time, lineNo, error, line), out);
}

function invalid(why: string): FrameLineResult {
  return { error: decodeError('FRAME_LINE_INVALID', why) };
}
