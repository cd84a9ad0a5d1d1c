// A JSON value as a short line for people: compact, cut with an ellipsis, binary shown by its size rather
// than as base64. For the timeline's previews and the analyses' argument previews alike.
import type { Json } from './record';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Compact JSON, cut to `max` characters; a cut string ends with an ellipsis. */
export function jsonPreview(value: Json | undefined, max: number): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : compactJson(value, max);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function compactJson(value: Json, max: number): string {
  // A multi-MB payload would be stringified whole just to show its first characters; binary is the
  // usual culprit, so show it by size instead of as base64.
  const s = JSON.stringify(value, (_k, v: unknown) =>
    isBinary(v) ? `<binary ${formatBytes(base64Bytes(v.$binary))}>` : v,
  );
  return s.length > max * 4 ? s.slice(0, max * 4) : s;
}

/** Decoded size of base64 text, without decoding it. */
function base64Bytes(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((b64.length * 3) / 4) - padding);
}

function isBinary(v: unknown): v is { $binary: string } {
  return typeof v === 'object' && v !== null && typeof (v as { $binary?: unknown }).$binary === 'string';
}
