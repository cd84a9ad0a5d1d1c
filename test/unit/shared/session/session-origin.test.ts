import { describe, expect, it } from 'vitest';
import { connectionSettings, readOrigin } from '../../../../shared/session/session-origin';

describe('readOrigin', () => {
  it('keeps the fields of the kind the header names, each only with its type', () => {
    expect(
      readOrigin({
        kind: 'capture',
        eio: 'auto',
        transports: ['websocket', 'carrier-pigeon'],
        upgrade: 'yes',
        path: '/io/',
        namespaces: ['/', 3],
        auth: { token: 'x' },
        headers: ['X-Trace: 1'],
        ack: true,
        until: 'done',
        durationMs: '10',
      }),
    ).toEqual({
      kind: 'capture',
      eio: 'auto',
      transports: ['websocket'],
      path: '/io/',
      namespaces: ['/'],
      auth: { token: 'x' },
      headers: ['X-Trace: 1'],
      ack: true,
      until: 'done',
    });
    expect(readOrigin({ kind: 'proxy', listen: 8080, insecure: true, eio: 3 })).toEqual({
      kind: 'proxy',
      listen: 8080,
      insecure: true,
    });
    expect(readOrigin({ kind: 'browser', mode: 'attach', cdp: 'http://127.0.0.1:9222', tab: 7 })).toEqual({
      kind: 'browser',
      mode: 'attach',
      cdp: 'http://127.0.0.1:9222',
    });
    expect(readOrigin({ kind: 'browser', mode: 'sideways', headless: true })).toEqual({
      kind: 'browser',
      mode: 'launch',
      headless: true,
    });
  });

  it.each([
    [{ eio: 'auto', transports: ['polling'], emits: [] }, 'capture'],
    [{ eio: 4, transports: ['polling'], ackReply: 'manual' }, 'connect'],
    [{ eio: 'auto', transports: ['polling'], replayOf: 'a.ndjson', speed: 0 }, 'replay'],
    [{ transports: ['polling'], playbackOf: 'a.ndjson' }, 'playback'],
    [{}, 'other'],
    [{ kind: 'from-the-future', transports: ['polling'] }, 'other'],
  ])('tells the kind of a header written without one: %j is %s', (options, kind) => {
    expect(readOrigin(options).kind).toBe(kind);
  });

  it('hands a replay the connection settings of any kind of session', () => {
    const replay = readOrigin({ kind: 'replay', replayOf: 'x', speed: 2, eio: 3, query: ['a=1'] });
    expect(connectionSettings(replay)).toEqual({ eio: 3, query: ['a=1'] });
    expect(connectionSettings(readOrigin({ kind: 'proxy', listen: 1 }))).toEqual({});
    expect(connectionSettings(readOrigin({ kind: 'browser', mode: 'launch', eio: 3 }))).toEqual({});
  });
});
