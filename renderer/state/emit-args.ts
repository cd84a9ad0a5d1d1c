// Checks what the emit editor holds before it goes to the bridge: args must be a JSON array, every
// `$binary` must be exactly `{"$binary": "<base64>"}`, the event name and namespace must be something the
// Socket.IO grammar can carry (docs/protocol.md §2.2). Messages point at a line and column the editor can
// mark.
import type { Json } from '../../shared/record';
import { base64Decode } from '../../shared/protocol/bytes';
import { RESERVED_EVENTS } from '../../shared/protocol/sio-packet';
import { findJsonError, lineColumn } from './json-error';

export interface ArgsProblem {
  readonly message: string;
  /** 1-based, when the problem has a place in the text. */
  readonly line?: number;
  readonly column?: number;
}

export type ArgsResult =
  | { readonly ok: true; readonly args: Json[]; readonly binaries: number }
  | { readonly ok: false; readonly problem: ArgsProblem };

export function validateArgs(text: string): ArgsResult {
  if (text.trim() === '') return { ok: true, args: [], binaries: 0 };
  const syntax = findJsonError(text);
  if (syntax !== null)
    return {
      ok: false,
      problem: { message: `not valid JSON: ${syntax.message}`, ...lineColumn(text, syntax.offset) },
    };
  const value = JSON.parse(text) as Json;
  if (!Array.isArray(value)) {
    return {
      ok: false,
      problem: { message: 'args must be a JSON array, e.g. ["hello", {"n": 1}]', line: 1, column: 1 },
    };
  }
  const binary = checkBinaries(value);
  if (typeof binary === 'string') return { ok: false, problem: { message: binary } };
  return { ok: true, args: value, binaries: binary };
}

/** null when fine; otherwise why the name cannot be emitted. */
export function eventNameProblem(name: string): string | null {
  if (name === '') return 'event name is empty';
  if (RESERVED_EVENTS.has(name)) return `"${name}" is reserved: Socket.IO servers reject it`;
  return null;
}

export function namespaceProblem(nsp: string): string | null {
  if (!nsp.startsWith('/')) return 'namespace must start with /';
  if (nsp.includes(',')) return 'namespace cannot contain "," (the packet grammar has no escape for it)';
  return null;
}

/**
 * A snippet for the editor: one binary argument, "hello" as base64 and selected. Snippet syntax: `$name`
 * is a variable (an unknown one expands to nothing), so the key's `$` is escaped.
 */
export const BINARY_SNIPPET = '{"\\$binary": "${1:aGVsbG8=}"}';

/** Counts the `$binary` values, or says which one is malformed. Iterative: args can nest deeply. */
function checkBinaries(root: Json): number | string {
  let count = 0;
  const stack: { value: Json; path: string }[] = [{ value: root, path: 'args' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: Json; path: string };
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]` }));
      continue;
    }
    if ('$binary' in value) {
      const keys = Object.keys(value);
      if (keys.length !== 1) return `${path}: a $binary object has no other keys (found ${keys.join(', ')})`;
      const b64 = value.$binary;
      if (typeof b64 !== 'string' || base64Decode(b64) === undefined)
        return `${path}.$binary is not valid base64`;
      count++;
      continue;
    }
    for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: `${path}.${k}` });
  }
  return count;
}
