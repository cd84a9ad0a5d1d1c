import { describe, expect, it } from 'vitest';
import { describeError } from '../../../../renderer/state/app-words';
import { UserError } from '../../../../shared/user-error';

describe('the app says a UserError', () => {
  it('with its field names and fixes, never a flag', () => {
    const version = new UserError('protocol', 'handshake refused', {
      hint: 'the server does not speak Engine.IO v4',
      why: { cause: 'version', setting: 'eio', value: 3 },
    });
    expect(describeError(version)).toBe(
      'handshake refused (the server does not speak Engine.IO v4; set Engine.IO to v3)',
    );
    const path = new UserError('protocol', 'nothing answers at /x/', { hint: 'check {path}' });
    expect(describeError(path)).toBe('nothing answers at /x/ (check Path)');
    const tls = new UserError('network', 'TLS certificate rejected', {
      why: { cause: 'tls', setting: 'insecure', value: true },
    });
    expect(describeError(tls)).toBe('TLS certificate rejected (tick “Skip TLS certificate verification”)');
    const transports = new UserError('protocol', 'm', {
      why: { cause: 'x', setting: 'transports', value: ['polling'] },
    });
    expect(describeError(transports)).toBe('m (set Transports to Polling)');
  });

  it('and anything else in one line', () => {
    expect(describeError(new Error('boom\n  at x'))).toBe('boom');
  });
});
