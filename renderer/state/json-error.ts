// Where JSON text first goes wrong. JSON.parse says that it failed but, in current V8, often not where
// ("Unexpected token 'o', "[…" is not valid JSON"), and the emit editor wants to mark the spot.
// A strict scanner with an explicit stack, so deep nesting cannot overflow it.

export interface JsonError {
  readonly offset: number;
  readonly message: string;
}

type Expect = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'comma-or-end' | 'eof';

/** null when `text` is valid JSON. */
export function findJsonError(text: string): JsonError | null {
  const stack: ('[' | '{')[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const n = text.length;
  while (true) {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    if (i >= n) return expect === 'eof' ? null : { offset: n, message: 'unexpected end of input' };
    const c = text[i] as string;
    const container = stack[stack.length - 1];
    const afterValue = (): Expect => (stack.length === 0 ? 'eof' : 'comma-or-end');
    if (expect === 'eof') return unexpected(c, i, 'after the end of the value');
    if (expect === 'colon') {
      if (c !== ':') return unexpected(c, i, "expected ':'");
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'comma-or-end') {
      if (c === ',') {
        i++;
        expect = container === '{' ? 'key' : 'value';
      } else if ((c === ']' && container === '[') || (c === '}' && container === '{')) {
        i++;
        stack.pop();
        expect = afterValue();
      } else return unexpected(c, i, `expected ',' or '${container === '{' ? '}' : ']'}'`);
      continue;
    }
    if (expect === 'key' || expect === 'key-or-end') {
      if (c === '}' && expect === 'key-or-end') {
        i++;
        stack.pop();
        expect = afterValue();
        continue;
      }
      if (c !== '"') return unexpected(c, i, 'expected a "quoted" key');
      const end = stringEnd(text, i);
      if (end < 0) return { offset: -end, message: 'unterminated or invalid string' };
      i = end;
      expect = 'colon';
      continue;
    }
    // expect is 'value' or 'value-or-end'
    if (c === ']' && expect === 'value-or-end') {
      i++;
      stack.pop();
      expect = afterValue();
      continue;
    }
    if (c === '[' || c === '{') {
      stack.push(c);
      i++;
      expect = c === '[' ? 'value-or-end' : 'key-or-end';
      continue;
    }
    const end = c === '"' ? stringEnd(text, i) : literalEnd(text, i);
    if (end < 0)
      return {
        offset: -end,
        message: c === '"' ? 'unterminated or invalid string' : `unexpected ${describe(text[-end] ?? '')}`,
      };
    i = end;
    expect = afterValue();
  }
}

/** Line and column (1-based) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** End of the string starting at `i`, or minus the offset of the problem. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) return -j;
    if (c === 0x5c) {
      const e = text[j + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return -j;
        j += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) j += 2;
      else return -j;
    } else j++;
  }
  return -text.length;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** End of the number or true/false/null at `i`, or minus the offset of the problem. */
function literalEnd(text: string, i: number): number {
  for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return i + word.length;
  NUMBER.lastIndex = i;
  const m = NUMBER.exec(text);
  return m === null ? -i : i + m[0].length;
}

function unexpected(c: string, offset: number, hint: string): JsonError {
  return { offset, message: `unexpected ${describe(c)}, ${hint}` };
}

function describe(c: string): string {
  return c === '' ? 'end of input' : `'${c}'`;
}
