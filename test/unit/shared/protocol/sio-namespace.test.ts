import { describe, expect, it } from 'vitest';
import { connectPid, connectSid, namespaceOf, offeredPid } from '../../../../shared/protocol/sio-namespace';

describe('namespaceOf', () => {
  it.each([
    ['/admin?token=1', '/admin'],
    ['/?x=1', '/'],
    ['/', '/'],
    ['/a/b', '/a/b'],
  ])('%s → %s', (nsp, expected) => {
    expect(namespaceOf(nsp)).toBe(expected);
  });
});

describe('the CONNECT payload', () => {
  it('names the sid and pid a server hands out, and nothing from what is not an object of strings', () => {
    expect(connectSid({ sid: 'S', pid: 'P' })).toBe('S');
    expect(connectPid({ sid: 'S', pid: 'P' })).toBe('P');
    expect(connectSid({ sid: 1 })).toBeUndefined();
    expect(connectPid(['pid'])).toBeUndefined();
    expect(connectPid(null)).toBeUndefined();
    expect(connectPid(undefined)).toBeUndefined();
  });

  it('offers a pid to recover only with an offset, as socket.io-client sends them', () => {
    expect(offeredPid({ pid: 'P', offset: 'O', token: 't' })).toBe('P');
    expect(offeredPid({ pid: 'P' })).toBeUndefined();
    expect(offeredPid({ pid: 'P', offset: 3 })).toBeUndefined();
  });
});
