import { afterEach, describe, expect, it, vi } from 'vitest';
import { CookieJar } from '../../../../electron/engine/cookie-jar';

const url = (s: string): URL => new URL(s);

describe('CookieJar', () => {
  afterEach(() => vi.useRealTimers());

  it('sends back what the handshake set, on later requests and the websocket upgrade', () => {
    const jar = new CookieJar();
    jar.store(
      ['io=abc; Path=/; HttpOnly; SameSite=Lax', 'AWSALB=xyz; Path=/'],
      url('http://h/socket.io/?EIO=4'),
    );
    expect(jar.header(url('http://h/socket.io/?EIO=4&sid=1'))).toBe('io=abc; AWSALB=xyz');
    expect(jar.header(url('ws://h/socket.io/?EIO=4&sid=1'))).toBe('io=abc; AWSALB=xyz');
  });

  it('replaces a cookie of the same name and path, and lets Max-Age=0 delete it', () => {
    const jar = new CookieJar();
    const at = url('http://h/socket.io/');
    jar.store('a=1; Path=/', at);
    jar.store('a=2; Path=/', at);
    expect(jar.header(at)).toBe('a=2');
    jar.store('a=; Path=/; Max-Age=0', at);
    expect(jar.header(at)).toBeUndefined();
  });

  it('matches paths by prefix at a slash, longest first, with the default path from the request', () => {
    const jar = new CookieJar();
    jar.store(['root=1; Path=/', 'deep=2; Path=/socket.io'], url('http://h/x'));
    jar.store('implicit=3', url('http://h/socket.io/x'));
    expect(jar.header(url('http://h/socket.io/'))).toBe('deep=2; implicit=3; root=1');
    expect(jar.header(url('http://h/socket.iox'))).toBe('root=1');
  });

  it('keeps Secure cookies off plain connections', () => {
    const jar = new CookieJar();
    jar.store('s=1; Secure', url('https://h/'));
    expect(jar.header(url('http://h/'))).toBeUndefined();
    expect(jar.header(url('wss://h/'))).toBe('s=1');
  });

  it('expires cookies by Expires, with Max-Age taking precedence', () => {
    vi.useFakeTimers({ now: Date.parse('2030-01-01T00:00:00Z') });
    const jar = new CookieJar();
    const at = url('http://h/');
    jar.store(
      [
        'old=1; Expires=Wed, 01 Jan 2020 00:00:00 GMT',
        'kept=1; Max-Age=60; Expires=Wed, 01 Jan 2020 00:00:00 GMT',
      ],
      at,
    );
    expect(jar.header(at)).toBe('kept=1');
    vi.advanceTimersByTime(61_000);
    expect(jar.header(at)).toBeUndefined();
  });

  it('ignores lines without a name', () => {
    const jar = new CookieJar();
    jar.store(['=nameless', 'novalue'], url('http://h/'));
    expect(jar.header(url('http://h/'))).toBeUndefined();
  });
});
