// JSON from peers and files, parsed and written within MAX_JSON_DEPTH (shared/limits.ts). V8's
// JSON.parse is iterative and accepts any depth, but JSON.stringify, structured clone and recursive
// walks throw RangeError a few thousand levels down, so depth is checked once, where text becomes a
// value, and everything downstream can take the value's depth for granted.
import { MAX_JSON_DEPTH } from './limits';
import { errorMessage } from './user-error';

export type JsonParsed = { readonly value: unknown } | { readonly error: string };

/** JSON.parse that never throws: a value, or why the text is not one (not JSON, or nested too deep). */
export function parseJson(text: string, maxDepth: number = MAX_JSON_DEPTH): JsonParsed {
  const tooDeep = nestingError(text, maxDepth);
  if (tooDeep !== undefined) return { error: tooDeep };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

/** Whether parseJson refused the text for its depth rather than its syntax. */
export function isTooDeep(parsed: JsonParsed): boolean {
  return 'error' in parsed && parsed.error.startsWith(TOO_DEEP);
}

/**
 * JSON.stringify that never throws: undefined for a value it cannot write (nested beyond the stack, a
 * cycle, a BigInt). Values parsed by parseJson always write; this guards the places that write records,
 * so that a value built some other way costs one record, not the process.
 */
export function stringifyJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

const TOO_DEEP = 'nested deeper than';
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * One linear scan counting brackets outside strings. Text shorter than the limit cannot nest past it,
 * so most messages are not scanned at all. Unbalanced text is left to JSON.parse to reject.
 */
function nestingError(text: string, maxDepth: number): string | undefined {
  if (text.length <= maxDepth) return undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip the string: to the next quote that is not escaped.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) return `${TOO_DEEP} ${maxDepth} levels (at character ${i})`;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--;
    }
  }
  return undefined;
}
