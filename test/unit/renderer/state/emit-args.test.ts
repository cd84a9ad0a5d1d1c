import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonError, lineColumn } from '../../../../renderer/state/json-error';
import { eventNameProblem, namespaceProblem, validateArgs } from '../../../../renderer/state/emit-args';

describe('validateArgs', () => {
  it.each([
    ['[]', 0, 0],
    ['["hello", {"n": 1}]', 2, 0],
    ['[{"$binary": "aGVsbG8="}, {"nested": [{"$binary": ""}]}]', 2, 2],
    ['  ', 0, 0],
  ])('accepts %s', (text, args, binaries) => {
    const r = validateArgs(text);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.args).toHaveLength(args);
      expect(r.binaries).toBe(binaries);
    }
  });

  it('wants an array', () => {
    const r = validateArgs('{"a": 1}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toMatch(/must be a JSON array/);
  });

  it('points at the line and column of a JSON syntax error', () => {
    const r = validateArgs('[\n  "a",\n  oops\n]');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.message).toMatch(/^not valid JSON/);
      expect(r.problem.line).toBe(3);
      expect(r.problem.column).toBe(3);
    }
  });

  it('names a malformed $binary by its path', () => {
    const bad = validateArgs('["x", {"file": {"$binary": "not base64!"}}]');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problem.message).toBe('args[1].file.$binary is not valid base64');
    const extra = validateArgs('[{"$binary": "AA==", "name": "a"}]');
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.problem.message).toMatch(/^args\[0\]: a \$binary object has no other keys/);
  });

  it('survives deep nesting without recursion', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(validateArgs(deep).ok).toBe(true);
  });
});

describe('event and namespace checks', () => {
  it('rejects empty and reserved event names', () => {
    expect(eventNameProblem('')).toMatch(/empty/);
    expect(eventNameProblem('connect')).toMatch(/reserved/);
    expect(eventNameProblem('chat')).toBeNull();
  });

  it('namespaces start with / and carry no comma', () => {
    expect(namespaceProblem('/admin')).toBeNull();
    expect(namespaceProblem('admin')).toMatch(/start with/);
    expect(namespaceProblem('/a,b')).toMatch(/cannot contain/);
  });
});

describe('findJsonError', () => {
  it('agrees with JSON.parse on what is valid', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.json().map((j) => j.slice(0, -1)),
        ),
        (text) => {
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          expect(findJsonError(text) === null).toBe(valid);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('names the spot', () => {
    expect(findJsonError('[1,]')).toEqual({ offset: 3, message: "unexpected ']'" });
    expect(findJsonError('{"a" 1}')?.offset).toBe(5);
    expect(findJsonError('[1 2]')?.message).toBe("unexpected '2', expected ',' or ']'");
    expect(findJsonError('["a')?.message).toBe('unterminated or invalid string');
    expect(lineColumn('a\nbc', 3)).toEqual({ line: 2, column: 2 });
  });
});
