import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CLI_WORDS, prefixError, reportError } from '../../../../electron/cli/cli-error';
import { describeUserError, USER_ERROR_KINDS, UserError } from '../../../../shared/user-error';

function report(error: unknown): { status: number; line: string } {
  const stderr = new PassThrough();
  const status = reportError(error, stderr);
  return { status, line: String(stderr.read()) };
}

describe('the CLI says a UserError', () => {
  it('with its flags', () => {
    const error = new UserError('protocol', 'handshake refused', {
      hint: 'the server does not speak Engine.IO v4',
      why: { cause: 'version', setting: 'eio', value: 3 },
    });
    expect(report(error)).toEqual({
      status: 1,
      line: 'sio-inspector: handshake refused (the server does not speak Engine.IO v4; try --eio 3)\n',
    });
    const insecure = new UserError('network', 'm', {
      why: { cause: 'tls', setting: 'insecure', value: true },
    });
    expect(describeUserError(insecure, CLI_WORDS)).toBe('m (try --insecure)');
    const transports = new UserError('protocol', 'm', {
      why: { cause: 'x', setting: 'transports', value: ['polling'] },
    });
    expect(describeUserError(transports, CLI_WORDS)).toBe('m (try --transports polling)');
  });

  it.each(USER_ERROR_KINDS.map((kind) => [kind]))('with an exit status for kind %s', (kind) => {
    const { status } = report(new UserError(kind, 'x'));
    expect(status).toBe(['usage', 'input', 'not-found', 'unsupported'].includes(kind) ? 2 : 1);
  });

  it('in one line for anything else thrown, status 1', () => {
    expect(report(new Error('boom\n    at x'))).toEqual({ status: 1, line: 'sio-inspector: boom\n' });
  });

  it('keeps kind and cause under a prefix', () => {
    const error = prefixError(
      'replay',
      new UserError('usage', 'no connection "c9"', { why: { cause: 'unknown-connection' } }),
    );
    expect(error.data()).toEqual({
      kind: 'usage',
      message: 'replay: no connection "c9"',
      why: { cause: 'unknown-connection' },
    });
    expect(prefixError('replay', new Error('x')).kind).toBe('io');
  });
});
