import { describe, expect, it } from 'vitest';
import {
  maskConnectOptions,
  parseSettingsUpdate,
  readSettings,
  savedConnectionOf,
} from '../../../../shared/settings/app-settings';
import { MASKED } from '../../../../shared/session/secrets';

const LOCAL = { url: 'http://127.0.0.1:3000', transports: ['websocket' as const], upgrade: false };

describe('readSettings', () => {
  it('keeps every entry that fits and names each one left out', () => {
    const { settings, problems } = readSettings({
      connections: [
        { name: 'local', options: LOCAL },
        { name: 'broken', options: { ...LOCAL, url: 'ftp://nowhere' } },
        { name: 'local', options: { ...LOCAL, path: '/io/' } },
        { name: '   ', options: LOCAL },
      ],
      recentFiles: ['/tmp/a.sio-session.ndjson', 7, 'bad\u0000path'],
      openFiles: 'not a list',
      activeFile: '/tmp/a.sio-session.ndjson',
      keepSecrets: 'yes',
      colour: 'green',
    });
    expect(settings.connections).toEqual([{ name: 'local', options: LOCAL }]);
    expect(settings.recentFiles).toEqual(['/tmp/a.sio-session.ndjson']);
    expect(settings.openFiles).toEqual([]);
    expect(settings.activeFile).toBe('/tmp/a.sio-session.ndjson');
    expect(problems).toEqual([
      'connections[1].options.url must be a ws://, wss://, http:// or https:// URL with a host and no spaces',
      'connections[3].name must not be blank',
      'connections: the name "local" is saved twice; the later one is left out',
      'recentFiles[1] must be a string',
      'recentFiles[2] must be a file path',
      'openFiles must be an array',
      'keepSecrets must be true or false',
      'unknown field "colour"',
    ]);
  });

  it('reads anything that is not an object as no settings', () => {
    for (const value of [null, [], 'text', 3])
      expect(readSettings(value)).toEqual({
        settings: { connections: [], recentConnections: [], recentFiles: [], openFiles: [] },
        problems: ['the file must hold a JSON object'],
      });
  });

  it('reads the answers to ack requests, and leaves out a table that does not fit', () => {
    const ackAnswers = { ackReply: 'manual', ackReplies: { ask: ['ok', 1] } };
    expect(readSettings({ ackAnswers }).settings.ackAnswers).toEqual(ackAnswers);
    const { settings, problems } = readSettings({
      ackAnswers: { ackReply: [], ackReplies: { ask: 'hold' } },
    });
    expect(settings.ackAnswers).toBeUndefined();
    expect(problems).toEqual(['ackAnswers.ackReplies["ask"] must be "manual" or a JSON array of args']);
  });

  it('leaves out entries past the limits', () => {
    const { settings, problems } = readSettings({
      recentFiles: Array.from({ length: 40 }, (_, i) => `/f${i}`),
    });
    expect(settings.recentFiles).toHaveLength(12);
    expect(problems).toEqual(['recentFiles holds more than 12 entries; the rest are left out']);
  });
});

describe('parseSettingsUpdate', () => {
  it('takes the page-owned fields whole and refuses the rest', () => {
    expect(
      parseSettingsUpdate({
        connections: [{ name: 'a', options: LOCAL }],
        activeFile: '/x',
        keepSecrets: true,
      }),
    ).toEqual({
      connections: [{ name: 'a', options: LOCAL }],
      activeFile: '/x',
      keepSecrets: true,
    });
    expect(readSettings({ keepSecrets: true }).settings.keepSecrets).toBe(true);
    expect(parseSettingsUpdate({ replayTarget: 'http://127.0.0.1:3000' })).toEqual({
      replayTarget: 'http://127.0.0.1:3000',
    });
    expect(() => parseSettingsUpdate({ replayTarget: 'ftp://x' })).toThrow(/request.replayTarget must be/);
    expect(readSettings({ replayTarget: 'file:///etc' }).problems).toEqual([
      'replayTarget must be a ws://, wss://, http:// or https:// URL with a host and no spaces',
    ]);
    expect(() => parseSettingsUpdate({ openFiles: ['/etc/passwd'] })).toThrow(/unknown field "openFiles"/);
    expect(() =>
      parseSettingsUpdate({
        connections: [
          { name: 'a', options: LOCAL },
          { name: 'a', options: LOCAL },
        ],
      }),
    ).toThrow('request.connections must not repeat a name');
    expect(() => parseSettingsUpdate({ form: { url: 'http://h' } })).toThrow(/request\.form\.transports/);
    expect(parseSettingsUpdate({ ackAnswers: { ackReply: [], ackReplies: {} } })).toEqual({
      ackAnswers: { ackReply: [], ackReplies: {} },
    });
    expect(() => parseSettingsUpdate({ ackAnswers: { ackReply: [] } })).toThrow(
      /request\.ackAnswers\.ackReplies must be JSON/,
    );
  });
});

describe('masking', () => {
  const secret = {
    ...LOCAL,
    url: 'http://user:pw@127.0.0.1:3000/?token=abc&room=1',
    query: { access_token: 't', room: '1' },
    headers: { Authorization: 'Bearer x', 'X-Tenant': 'acme' },
    auth: { token: 'abc', user: { id: 7 } },
  };

  it('masks credentials as session headers do, keeping names and the rest', () => {
    expect(maskConnectOptions(secret)).toEqual({
      ...LOCAL,
      url: `http://${MASKED}@127.0.0.1:3000/?token=${MASKED}&room=1`,
      query: { access_token: MASKED, room: '1' },
      headers: { Authorization: MASKED, 'X-Tenant': 'acme' },
      auth: { token: MASKED, user: { id: MASKED } },
    });
  });

  it('saves a connection masked unless its secrets are asked to be kept', () => {
    expect(savedConnectionOf('prod', secret, false).options.auth).toEqual({
      token: MASKED,
      user: { id: MASKED },
    });
    expect(savedConnectionOf('prod', secret, true)).toEqual({
      name: 'prod',
      options: secret,
      keepSecrets: true,
    });
  });
});
