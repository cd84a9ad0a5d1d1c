// The entries of a HAR, one at a time, as its text arrives: a scanner that follows the document's
// structure (strings and nesting, not values) to `log.entries` and hands over each element's text, so
// that no more than one entry is ever held, whatever the file's size. Each entry is then parsed on its
// own. A file cut short (a crashed export, a truncated download) yields every entry before the cut.

export type HarElement =
  | { readonly kind: 'entry'; readonly text: string }
  /** An element of `entries` that is not an object. */
  | { readonly kind: 'not-object' }
  /** An entry longer than the limit, not held: its first characters, to say what it was. */
  | { readonly kind: 'too-large'; readonly head: string };

export type HarScanEnd =
  | { readonly ok: true; readonly cut: boolean }
  | { readonly ok: false; readonly why: 'not JSON' | 'no "log.entries" array' };

/** Characters of an oversized entry kept to tell what it was. */
const HEAD_CHARS = 4096;

export class HarEntryScanner {
  private depth = 0;
  /** Container kinds and the current key of the two outer levels (root, `log`) and of `entries`. */
  private readonly kinds: number[] = [];
  private readonly keys: (string | undefined)[] = [];
  private expectKey = false;
  private inString = false;
  private escaped = false;
  private key: string | undefined;
  private started = false;
  private rootClosed = false;
  private entriesSeen = false;
  private inEntries = false;
  /** Depth-3 element seen since the last comma (only objects are captured). */
  private elementSeen = false;
  private capture: string[] | undefined;
  private captured = 0;
  private head: string | undefined;
  private notJson = false;

  constructor(private readonly maxEntryChars: number) {}

  /** Scans `chunk`, calling `onElement` for each element of `log.entries` that ends in it. */
  push(chunk: string, onElement: (element: HarElement) => void): void {
    if (this.notJson) return;
    let entryStart = this.capture === undefined ? -1 : 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.key !== undefined) {
            this.keys[this.depth] = this.key;
            this.key = undefined;
            this.expectKey = false;
          }
        } else if (this.key !== undefined && this.key.length < MAX_KEY_CHARS) this.key += chunk[i];
        continue;
      }
      if (c === SPACE || c === TAB || c === LF || c === CR || (c === BOM && !this.started)) continue;
      if (!this.started) {
        this.started = true;
        if (c !== OPEN_BRACE) {
          this.notJson = true;
          return;
        }
      } else if (this.rootClosed) continue; // trailing text after the document is not looked at
      if (this.inEntries && this.depth === 3 && c !== COMMA && c !== CLOSE_BRACKET && !this.elementSeen) {
        this.elementSeen = true;
        if (c === OPEN_BRACE) {
          entryStart = i;
          this.capture = [];
          this.captured = 0;
          this.head = undefined;
        } else onElement({ kind: 'not-object' });
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth <= 2 && this.kinds[this.depth] === OPEN_BRACE && this.expectKey) this.key = '';
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (
          c === OPEN_BRACKET &&
          this.depth === 2 &&
          this.keys[1] === 'log' &&
          this.keys[2] === 'entries' &&
          !this.entriesSeen
        ) {
          this.entriesSeen = true;
          this.inEntries = true;
          this.elementSeen = false;
        }
        this.depth++;
        if (this.depth <= 3) {
          this.kinds[this.depth] = c;
          this.keys[this.depth] = undefined;
          this.expectKey = c === OPEN_BRACE;
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.depth === 4 && this.inEntries && this.capture !== undefined) {
          onElement(this.finishEntry(chunk, entryStart, i + 1));
          entryStart = -1;
        }
        if (this.depth === 3 && this.inEntries) this.inEntries = false;
        this.depth--;
        if (this.depth === 0) this.rootClosed = true;
        if (this.depth < 0) {
          this.notJson = true;
          return;
        }
        this.expectKey = false;
      } else if (c === COMMA) {
        if (this.depth <= 2 && this.kinds[this.depth] === OPEN_BRACE) this.expectKey = true;
        if (this.depth === 3) this.elementSeen = false;
      }
    }
    if (this.capture !== undefined && entryStart >= 0) this.hold(chunk.slice(entryStart));
  }

  /** What the whole input was, once it has ended. */
  end(): HarScanEnd {
    if (this.notJson || !this.started) return { ok: false, why: 'not JSON' };
    if (!this.entriesSeen) return { ok: false, why: 'no "log.entries" array' };
    return { ok: true, cut: this.inEntries };
  }

  private hold(part: string): void {
    this.captured += part.length;
    if (this.capture === undefined) return;
    if (this.captured > this.maxEntryChars) {
      // Too large to hold: keep its start only, and count the rest as it goes by.
      this.head ??= [...this.capture, part].join('').slice(0, HEAD_CHARS);
      this.capture.length = 0;
      return;
    }
    this.capture.push(part);
  }

  private finishEntry(chunk: string, start: number, end: number): HarElement {
    this.hold(chunk.slice(start, end));
    const element: HarElement =
      this.head !== undefined
        ? { kind: 'too-large', head: this.head }
        : { kind: 'entry', text: (this.capture ?? []).join('') };
    this.capture = undefined;
    this.head = undefined;
    return element;
  }
}

/** Longer keys at the outer levels are no HAR's. */
const MAX_KEY_CHARS = 16;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;
