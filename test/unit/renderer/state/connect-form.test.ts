import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONNECT_FORM,
  fromConnectOptions,
  parsePairs,
  toConnectOptions,
} from '../../../../renderer/state/connect-form';

describe('connection form', () => {
  it('makes the default options: auto version, polling with upgrade, namespace /', () => {
    const r = toConnectOptions(DEFAULT_CONNECT_FORM);
    expect(r).toEqual({
      ok: true,
      options: {
        url: 'http://localhost:3000',
        transports: ['polling', 'websocket'],
        upgrade: true,
        namespaces: ['/'],
        path: '/socket.io/',
      },
    });
  });

  it('carries every option the form has', () => {
    const r = toConnectOptions({
      ...DEFAULT_CONNECT_FORM,
      url: 'wss://example.test/',
      eio: '3',
      transports: 'websocket',
      query: 'token=abc\n# comment\nv = 2',
      headers: 'Cookie: a=b; c=d\nX-Test:1',
      auth: '{"token": "t"}',
      namespaces: '/, /admin\n/chat',
      insecure: true,
    });
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.options).toEqual({
        url: 'wss://example.test/',
        eio: 3,
        transports: ['websocket'],
        upgrade: false,
        path: '/socket.io/',
        query: { token: 'abc', v: '2' },
        headers: { Cookie: 'a=b; c=d', 'X-Test': '1' },
        auth: { token: 't' },
        namespaces: ['/', '/admin', '/chat'],
        insecure: true,
      });
  });

  it('carries the parser and compression only when they differ from the defaults', () => {
    const r = toConnectOptions({ ...DEFAULT_CONNECT_FORM, parser: 'msgpack', deflate: false });
    expect(r.ok && r.options).toMatchObject({ parser: 'msgpack', deflate: false });
    const plain = toConnectOptions(DEFAULT_CONNECT_FORM);
    expect(plain.ok && 'parser' in plain.options).toBe(false);
    expect(plain.ok && 'deflate' in plain.options).toBe(false);
    if (r.ok) expect(fromConnectOptions(r.options)).toMatchObject({ parser: 'msgpack', deflate: false });
  });

  it('carries reconnect only when it is on, and fills it back', () => {
    const r = toConnectOptions({ ...DEFAULT_CONNECT_FORM, reconnect: true });
    expect(r.ok && r.options.reconnect).toBe(true);
    const plain = toConnectOptions(DEFAULT_CONNECT_FORM);
    expect(plain.ok && 'reconnect' in plain.options).toBe(false);
    if (r.ok) expect(fromConnectOptions(r.options).reconnect).toBe(true);
  });

  it('says which field is wrong', () => {
    const r = toConnectOptions({
      ...DEFAULT_CONNECT_FORM,
      url: 'localhost:3000',
      auth: '[1]',
      namespaces: 'admin',
      query: '=x',
      path: 'socket.io',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.problems).sort()).toEqual(['auth', 'namespaces', 'path', 'query', 'url']);
  });

  it('round-trips through the options it made', () => {
    const form = {
      ...DEFAULT_CONNECT_FORM,
      url: 'http://h:1',
      eio: '4' as const,
      transports: 'polling' as const,
      query: 'a=1',
      headers: 'H: v',
      auth: '{\n  "k": 1\n}',
      namespaces: '/, /x',
    };
    const r = toConnectOptions(form);
    if (!r.ok) throw new Error('form should be valid');
    expect(fromConnectOptions(r.options)).toEqual(form);
  });

  it('parses key=value and header lines', () => {
    expect(parsePairs('a=1=2\n\nb=', '=')).toEqual({ a: '1=2', b: '' });
    expect(parsePairs('nope', ':')).toBe('line 1: expected Name: value');
  });
});
