// A HAR cut short (a crashed export, a truncated download) is not valid JSON, but every entry before the
// cut is. This finds the `"entries"` array and reads its items one by one, so such a file opens as far
// as it goes instead of not at all.

import { parseJson } from '../bounded-json';

export interface SalvagedEntries {
  /** The complete entries before the cut, parsed. */
  readonly entries: unknown[];
  /** Whether anything was cut: an entry started but did not end. */
  readonly cut: boolean;
}

/** undefined when there is no `"entries": [` to read from. */
export function salvageEntries(text: string): SalvagedEntries | undefined {
  const key = /"entries"\s*:\s*\[/.exec(text);
  if (key === null) return undefined;
  const entries: unknown[] = [];
  let i = key.index + key[0].length;
  for (;;) {
    i = skipSeparators(text, i);
    if (i >= text.length) return { entries, cut: false };
    if (text[i] !== '{') return { entries, cut: text[i] !== ']' };
    const end = objectEnd(text, i);
    if (end === undefined) return { entries, cut: true };
    const parsed = parseJson(text.slice(i, end));
    if (!('value' in parsed)) return { entries, cut: true };
    entries.push(parsed.value);
    i = end;
  }
}

function skipSeparators(text: string, from: number): number {
  let i = from;
  while (i < text.length && /[\s,]/.test(text[i] as string)) i++;
  return i;
}

/** Index just past the `}` that closes the object opened at `start`, skipping strings; undefined if none. */
function objectEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
