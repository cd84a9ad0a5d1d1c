// Small readers that narrow `unknown` one field at a time and say exactly what is wrong, by path
// (`options.headers["X-A"]`). They throw Invalid, which only check() catches: a request either comes
// out whole and typed or not at all (docs/architecture.md §4).
import { base64Decode } from '../protocol/bytes';
import type { Json } from '../record';
import { MAX_REQUEST_JSON_DEPTH } from '../limits';

export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

class Invalid extends Error {}

/** Runs a reader; its first complaint becomes the error. */
export function check<T>(read: () => T): Checked<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message };
    throw error;
  }
}

export function fail(path: string, why: string): never {
  throw new Invalid(`${path} ${why}`);
}

export type Fields = Readonly<Record<string, unknown>>;

/** A plain object with no fields beyond `allowed`: a misspelt option is an error, not silently ignored. */
export function object(value: unknown, path: string, allowed: readonly string[]): Fields {
  if (!isPlainObject(value)) fail(path, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(path, `has an unknown field "${abbreviate(key)}"`);
  }
  return value;
}

export interface StringRules {
  readonly min?: number;
  readonly max: number;
  readonly pattern?: RegExp;
  /** Said when `pattern` does not match. */
  readonly shape?: string;
}

export function string(value: unknown, path: string, rules: StringRules): string {
  if (typeof value !== 'string') fail(path, 'must be a string');
  const min = rules.min ?? 0;
  if (value.length < min)
    fail(path, min === 1 ? 'must not be empty' : `must have at least ${min} characters`);
  if (value.length > rules.max) fail(path, `must have at most ${rules.max} characters`);
  if (rules.pattern !== undefined && !rules.pattern.test(value))
    fail(path, rules.shape ?? 'has the wrong form');
  return value;
}

export function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, 'must be an integer');
  if (value < min || value > max) fail(path, `must be between ${min} and ${max}`);
  return value;
}

export function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'must be true or false');
  return value;
}

export function oneOf<T extends string | number>(value: unknown, path: string, choices: readonly T[]): T {
  if (!choices.includes(value as T))
    fail(path, `must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`);
  return value as T;
}

export function array<T>(
  value: unknown,
  path: string,
  max: number,
  item: (value: unknown, path: string) => T,
): T[] {
  if (!Array.isArray(value)) fail(path, 'must be an array');
  if (value.length > max) fail(path, `must have at most ${max} items`);
  const out: T[] = new Array<T>(value.length);
  for (let i = 0; i < value.length; i++) out[i] = item(value[i], `${path}[${i}]`);
  return out;
}

/** Absent stays absent; a present field must pass `read`. `null` counts as present (and wrong). */
export function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : read(value);
}

export interface MapRules {
  readonly maxEntries: number;
  readonly key: StringRules;
  readonly value: StringRules;
}

export function stringMap(value: unknown, path: string, rules: MapRules): Record<string, string> {
  return entries(value, path, rules, (item, at) => string(item, at, rules.value));
}

/** A plain object of at most `maxEntries` entries, each name checked by `key` and each value by `read`. */
export function entries<T>(
  value: unknown,
  path: string,
  rules: { readonly maxEntries: number; readonly key: StringRules },
  read: (value: unknown, path: string) => T,
): Record<string, T> {
  if (!isPlainObject(value)) fail(path, 'must be an object');
  const all = Object.entries(value);
  if (all.length > rules.maxEntries) fail(path, `must have at most ${rules.maxEntries} entries`);
  const out: Record<string, T> = {};
  for (const [key, item] of all) {
    const at = `${path}[${JSON.stringify(abbreviate(key))}]`;
    string(key, `${at} (the name)`, rules.key);
    // defineProperty: a key such as "__proto__" stays a plain entry and cannot reach the prototype.
    Object.defineProperty(out, key, { value: read(item, at), enumerable: true, writable: true });
  }
  return out;
}

/**
 * A JSON value of at most `maxChars` characters as JSON text, nested at most MAX_REQUEST_JSON_DEPTH deep.
 * Structured clone (IPC) can carry what JSON cannot (undefined, NaN, Dates, typed arrays, Maps):
 * all refused here. `{"$binary": …}` must hold valid base64, since it becomes an attachment.
 */
export function json(value: unknown, path: string, maxChars: number): Json {
  const budget = { left: maxChars };
  walkJson(value, path, 0, budget, maxChars);
  return value as Json;
}

function walkJson(
  value: unknown,
  path: string,
  depth: number,
  budget: { left: number },
  maxChars: number,
): void {
  const spend = (chars: number): void => {
    budget.left -= chars;
    if (budget.left < 0) fail(path, `is larger than ${maxChars} characters of JSON`);
  };
  if (value === null || typeof value === 'boolean') return spend(5);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(path, 'must be a finite number (JSON has no NaN or Infinity)');
    return spend(String(value).length);
  }
  if (typeof value === 'string') return spend(value.length + 2);
  if (depth >= MAX_REQUEST_JSON_DEPTH) fail(path, `is nested deeper than ${MAX_REQUEST_JSON_DEPTH} levels`);
  if (Array.isArray(value)) {
    spend(2);
    for (let i = 0; i < value.length; i++) {
      spend(1);
      walkJson(value[i], `${path}[${i}]`, depth + 1, budget, maxChars);
    }
    return;
  }
  if (!isPlainObject(value))
    fail(path, 'must be JSON (null, boolean, number, string, array or plain object)');
  spend(2);
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$binary') {
    const data = value.$binary;
    if (typeof data !== 'string' || base64Decode(data) === undefined)
      fail(`${path}.$binary`, 'must be a base64 string');
  }
  for (const key of keys) {
    spend(key.length + 4);
    walkJson(value[key], `${path}.${abbreviate(key)}`, depth + 1, budget, maxChars);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
