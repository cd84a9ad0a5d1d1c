import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../../../electron/engine/options';
import { UserError } from '../../../../shared/user-error';

describe('resolveOptions', () => {
  it('defaults: both transports, upgrade, /socket.io/, namespace /, heartbeat on, TLS verified', () => {
    expect(resolveOptions({ url: 'http://localhost:3000' })).toMatchObject({
      secure: false,
      httpOrigin: 'http://localhost:3000',
      wsOrigin: 'ws://localhost:3000',
      path: '/socket.io/',
      eio: undefined,
      transports: ['polling', 'websocket'],
      upgrade: true,
      namespaces: [{ nsp: '/' }],
      heartbeat: true,
      insecure: false,
      conn: 'c1',
    });
  });

  it.each([
    ['ws://h:1', false, 'http://h:1', 'ws://h:1'],
    ['wss://h', true, 'https://h', 'wss://h'],
    ['https://h:8443', true, 'https://h:8443', 'wss://h:8443'],
  ])('maps %s to both origins', (url, secure, httpOrigin, wsOrigin) => {
    expect(resolveOptions({ url })).toMatchObject({ secure, httpOrigin, wsOrigin });
  });

  it('takes the URL path as the namespace and its query as query, like socket.io-client', () => {
    const resolved = resolveOptions({ url: 'http://h/admin/?a=1', query: { b: '2' } });
    expect(resolved.namespaces).toEqual([{ nsp: '/admin' }]);
    expect(resolved.query).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  it("gives the auth to every namespace, and to the URL's own when none is named", () => {
    const auth = { token: 't' };
    expect(resolveOptions({ url: 'http://h/admin', auth }).namespaces).toEqual([{ nsp: '/admin', auth }]);
    expect(resolveOptions({ url: 'http://h', namespaces: ['/', '/a'], auth }).namespaces).toEqual([
      { nsp: '/', auth },
      { nsp: '/a', auth },
    ]);
  });

  it('normalises the path to leading and trailing slashes', () => {
    expect(resolveOptions({ url: 'http://h', path: 'engine.io' }).path).toBe('/engine.io/');
  });

  it('joins no namespace with parser "none"', () => {
    expect(resolveOptions({ url: 'http://h', parser: 'none' }).namespaces).toEqual([]);
  });

  it.each([
    [{ url: 'not a url' }, 'is not a URL'],
    [{ url: 'ftp://h' }, 'unsupported URL scheme "ftp:"'],
    [{ url: 'http://h', transports: [] }, 'at least one transport'],
    [{ url: 'http://h', namespaces: ['admin'] }, 'must start with "/"'],
    [{ url: 'http://h', namespaces: ['/a,b'] }, 'contain no ","'],
    [{ url: 'http://h', connectTimeoutMs: 0 }, 'connect timeout'],
  ])('refuses %j', (options, message) => {
    expect(() => resolveOptions(options)).toThrow(UserError);
    expect(() => resolveOptions(options)).toThrow(message);
  });
});
