import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileError } from '../../../../electron/errors/file-error';
import { tempDir } from '../../../support/temp-dir';

const dir = tempDir('sio-file-error');

async function failureOf(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('fileError', () => {
  it('calls a missing file to read a wrong argument (input), in words', async () => {
    const path = join(dir, 'missing.ndjson');
    const error = fileError(await failureOf(readFile(path)), path, 'read');
    expect(error.data()).toEqual({ kind: 'input', message: `cannot read ${path}: no such file` });
  });

  it('calls a refused read an io failure, not a usage error', () => {
    // Node's own error shape for EACCES (root reads any file, so the test cannot make one happen).
    const refused = Object.assign(new Error("EACCES: permission denied, open '/x'"), { code: 'EACCES' });
    expect(fileError(refused, '/x', 'read').data()).toEqual({
      kind: 'io',
      message: 'cannot read /x: permission denied',
    });
  });

  it('names a missing directory on write, with the hint given', async () => {
    const path = join(dir, 'no', 'such', 'out.ndjson');
    const error = fileError(await failureOf(writeFile(path, 'x')), path, 'write', 'check --out');
    expect(error.data()).toEqual({
      kind: 'io',
      message: `cannot write ${path}: no such directory`,
      hint: 'check --out',
    });
  });
});
