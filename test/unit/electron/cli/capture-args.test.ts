import { describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../../../electron/cli/capture-args';
import { EXIT_STATUS } from '../../../../electron/cli/cli-error';
import { UserError } from '../../../../shared/user-error';

describe('parseCaptureArgs', () => {
  it('maps every flag onto the engine options', () => {
    const parsed = parseCaptureArgs([
      'https://h:1',
      '--eio',
      '3',
      '--transports',
      'websocket',
      '--no-upgrade',
      '--path',
      '/io',
      '--namespace',
      '/',
      '--namespace',
      '/admin',
      '--auth',
      '{"token":"t"}',
      '--query',
      'a=b=c',
      '--header',
      'Authorization: Bearer x',
      '--emit',
      '["chat","hi",{"$binary":"AQID"}]',
      '--ack',
      '--duration',
      '1.5',
      '--until',
      'done',
      '--no-heartbeat',
      '--out',
      'f.jsonl',
      '--format',
      'ndjson',
      '--summary',
      '--insecure',
    ]);
    expect(parsed.connect).toEqual({
      url: 'https://h:1',
      eio: 3,
      transports: ['websocket'],
      upgrade: false,
      path: '/io',
      namespaces: ['/', '/admin'],
      auth: { token: 't' },
      query: { a: 'b=c' },
      headers: { Authorization: 'Bearer x' },
      heartbeat: false,
      insecure: true,
      deflate: true,
      parser: 'socket.io',
    });
    expect(parsed).toMatchObject({
      emitNamespace: '/admin',
      emits: [{ event: 'chat', args: ['hi', { $binary: 'AQID' }] }],
      ack: true,
      durationMs: 1500,
      until: 'done',
      out: 'f.jsonl',
      format: 'ndjson',
      summary: true,
    });
    // As given: the session writer masks secrets unless --keep-secrets (shared/session/secrets.ts).
    expect(parsed.origin.headers).toHaveLength(1);
    expect(parsed.keepSecrets).toBe(false);
  });

  it('--parser none takes --send and --send-binary in command-line order, and refuses Socket.IO flags', () => {
    const parsed = parseCaptureArgs([
      'http://h',
      '--parser',
      'none',
      '--send',
      'a',
      '--send-binary',
      'AQID',
      '--send=b',
    ]);
    expect(parsed.connect.parser).toBe('none');
    expect(parsed.sends).toEqual(['a', Uint8Array.from([1, 2, 3]), 'b']);
    expect(parsed.origin).toMatchObject({ parser: 'none', sends: ['a', { $binary: 'AQID' }, 'b'] });
    expect(() => parseCaptureArgs(['http://h', '--parser', 'none', '--emit', '["x"]'])).toThrow(
      /--emit needs a Socket.IO parser/,
    );
    expect(() => parseCaptureArgs(['http://h', '--send', 'x'])).toThrow(
      /--send and --send-binary are for --parser none/,
    );
    expect(() => parseCaptureArgs(['http://h', '--parser', 'none', '--send-binary', '!!'])).toThrow(/base64/);
  });

  it('defaults: auto version, both transports, pretty, emits on / or the URL namespace', () => {
    expect(parseCaptureArgs(['http://h'])).toMatchObject({
      emitNamespace: '/',
      format: 'pretty',
      emits: [],
      ack: false,
    });
    expect(parseCaptureArgs(['http://h'])).toMatchObject({
      origin: { kind: 'capture', eio: 'auto', transports: ['polling', 'websocket'] },
    });
    const urlNsp = parseCaptureArgs(['http://h/admin', '--auth', '{"k":1}']);
    expect(urlNsp.emitNamespace).toBe('/admin');
    expect(urlNsp.connect).toMatchObject({ auth: { k: 1 } });
    expect(urlNsp.origin).toMatchObject({ namespaces: ['/admin'], auth: { k: 1 } });
  });

  it('--reconnect and --reconnect-attempts ask for reconnection, recorded in the origin', () => {
    expect(parseCaptureArgs(['http://h']).reconnect).toBeUndefined();
    const on = parseCaptureArgs(['http://h', '--reconnect']);
    expect(on.reconnect).toEqual({});
    expect(on.origin).toMatchObject({ reconnect: true });
    const limited = parseCaptureArgs(['http://h', '--reconnect-attempts', '3']);
    expect(limited.reconnect).toEqual({ attempts: 3 });
    expect(limited.origin).toMatchObject({ reconnect: true, reconnectAttempts: 3 });
  });

  it.each([
    [['http://h', '--reconnect-attempts', '0'], '--reconnect-attempts takes a whole number'],
    [['http://h', '--reconnect-attempts', '1.5'], '--reconnect-attempts takes a whole number'],
    [['http://h', '--until', ''], '--until needs an event name'],
    [['http://h', '--emit', '[]'], '--emit takes a JSON array'],
    [['http://h', '--emit', '[{"a":1}]'], '--emit takes a JSON array'],
    [['http://h', '--emit', 'nope'], '--emit is not valid JSON'],
    [['http://h', '--query', '=v'], '--query takes key=value'],
    [['http://h', '--header', 'X: a\nb'], 'line break'],
    [['http://h', '--namespace', 'admin'], 'must start with "/"'],
    [['http://h', '--duration', 'soon'], '--duration takes a positive number'],
  ])('%j is a usage error', (argv, message) => {
    const attempt = (): unknown => parseCaptureArgs(argv);
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as UserError).kind).toBe('usage');
      expect(EXIT_STATUS[(error as UserError).kind]).toBe(2);
    }
  });
});
