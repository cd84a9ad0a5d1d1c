import { describe, expect, it } from 'vitest';
import type { ConnectOptions } from '../../../../shared/bridge/api';
import type { UserErrorData } from '../../../../shared/user-error';
import { applyFix } from '../../../../renderer/state/connect-fix';

const options: ConnectOptions = { url: 'http://h', transports: ['polling'], upgrade: false, eio: 4 };
const failing = (why: UserErrorData['why']): UserErrorData => ({
  kind: 'protocol',
  message: 'm',
  ...(why !== undefined && { why }),
});

describe('applyFix', () => {
  it.each([
    [
      { cause: 'version', setting: 'eio', value: 3 },
      { ...options, eio: 3 },
    ],
    [
      { cause: 'tls', setting: 'insecure', value: true },
      { ...options, insecure: true },
    ],
    [
      { cause: 'parser', setting: 'parser', value: 'msgpack' },
      { ...options, parser: 'msgpack' },
    ],
    [
      { cause: 'not-found', setting: 'path', value: '/io/' },
      { ...options, path: '/io/' },
    ],
  ] as const)('%j', (why, fixed) => {
    expect(applyFix(options, failing(why))).toEqual(fixed);
  });

  it.each([
    ['no cause', undefined],
    ['a setting without a value (only the user knows it)', { cause: 'not-found', setting: 'path' }],
    ['a value the field cannot hold', { cause: 'version', setting: 'eio', value: 5 }],
    ['a parser that does not exist', { cause: 'parser', setting: 'parser', value: 'xml' }],
    ['a setting the form does not have', { cause: 'unknown-connection', setting: 'conn', value: 'c1' }],
  ] as const)('no fix for %s', (_, why) => {
    expect(applyFix(options, failing(why))).toBeUndefined();
  });
});
