import { describe, expect, it } from 'vitest';
import { toErrorShape } from '../../../shared/bridge/errors';
import { failedOutcome, unwrapOutcome } from '../../../shared/bridge/outcome';
import {
  describeUserError,
  errorMessage,
  isUserErrorData,
  PLAIN_WORDS,
  UserError,
  type SettingWords,
} from '../../../shared/user-error';

const APP: SettingWords = {
  name: (setting) => `“${setting.toUpperCase()}”`,
  fix: (setting, value) => `set ${setting.toUpperCase()} to ${JSON.stringify(value)}`,
};

describe('UserError', () => {
  const version = new UserError('protocol', 'handshake refused: HTTP 400', {
    hint: 'the server does not speak Engine.IO v4',
    why: { cause: 'version', setting: 'eio', value: 3 },
  });

  it('is worded per surface: settings named and the fix proposed in its words', () => {
    expect(describeUserError(version)).toBe(
      'handshake refused: HTTP 400 (the server does not speak Engine.IO v4; try Engine.IO version 3)',
    );
    expect(describeUserError(version, APP)).toBe(
      'handshake refused: HTTP 400 (the server does not speak Engine.IO v4; set EIO to 3)',
    );
    const path = new UserError('protocol', 'nothing answers at /x/', {
      hint: 'check {path}',
      why: { cause: 'not-found', setting: 'path' },
    });
    expect(describeUserError(path, APP)).toBe('nothing answers at /x/ (check “PATH”)');
  });

  it('proposes no fix the hint already names', () => {
    const tls = new UserError('network', 'TLS certificate rejected', {
      hint: 'use {insecure} for a server you trust',
      why: { cause: 'tls', setting: 'insecure', value: true },
    });
    expect(describeUserError(tls, APP)).toBe(
      'TLS certificate rejected (use “INSECURE” for a server you trust)',
    );
  });

  it('leaves braces that name no setting alone', () => {
    const odd = new UserError('input', 'x', { hint: 'a {"json":1} {nothing}' });
    expect(describeUserError(odd, PLAIN_WORDS)).toBe('x (a {"json":1} {nothing})');
  });

  it('crosses the bridge with its kind, cause and the code its kind maps to, and comes back whole', () => {
    const shape = toErrorShape(version);
    expect(shape).toEqual({ ...version.data(), code: 'failed' });
    expect(toErrorShape(new UserError('usage', 'bad')).code).toBe('invalid-request');
    expect(toErrorShape(new UserError('not-found', 'gone')).code).toBe('not-found');
    expect(toErrorShape(new UserError('unsupported', 'no')).code).toBe('unsupported');
    let back: unknown;
    try {
      unwrapOutcome(failedOutcome(version));
    } catch (error) {
      back = error;
    }
    expect(back).toBeInstanceOf(UserError);
    expect((back as UserError).data()).toEqual(version.data());
  });

  it('turns anything else thrown into a one-line io error, never a stack', () => {
    const shape = toErrorShape(new TypeError('boom\n    at somewhere'));
    expect(shape).toEqual({ kind: 'io', code: 'failed', message: 'boom' });
    expect(errorMessage('plain\nsecond')).toBe('plain');
    expect(errorMessage(new Error('x'.repeat(600)))).toHaveLength(500);
  });

  it('recognises its data and nothing else', () => {
    expect(isUserErrorData(version.data())).toBe(true);
    expect(isUserErrorData({ kind: 'weird', message: 'x' })).toBe(false);
    expect(isUserErrorData({ kind: 'io', message: 'x', why: { cause: 'x', setting: 'nope' } })).toBe(false);
    expect(isUserErrorData({ kind: 'io' })).toBe(false);
    expect(() => unwrapOutcome({ ok: false, error: { code: 'failed', message: 'no kind' } })).toThrow(
      'malformed answer from the Node side',
    );
  });
});
