// Every recorded session of a well-behaved reference server (socket.io 4, 3 and 2, python-socketio; every
// transport; a refused namespace, acks both ways, binary both ways, a server that emits from its
// `disconnecting` handler, python-socketio's from its `disconnect` handler) must analyse to no finding but those that relay what the server said. One
// table over the whole fixture folder: a session recorded into it is checked for false findings unasked.
import { describe, expect, it } from 'vitest';
import { isRelayed } from '../../../../shared/analysis/findings';
import { summarizeSession } from '../../../../shared/analysis/summary';
import { ALL_RECORDED_SESSIONS, recordedSession } from '../../../support/session-fixtures';

describe('findings on reference servers', () => {
  it('has sessions to check', () => {
    expect(ALL_RECORDED_SESSIONS.length).toBeGreaterThanOrEqual(15);
  });

  it.each(ALL_RECORDED_SESSIONS.map((name) => [name]))('%s: no finding but what the server said', (name) => {
    const records = recordedSession(name);
    expect(records.filter((r) => r.error !== undefined)).toEqual([]);
    const { connections } = summarizeSession(records);
    expect(connections.length).toBeGreaterThan(0);
    for (const connection of connections)
      expect(connection.findings.filter((f) => !isRelayed(f.code))).toEqual([]);
  });

  it('python-socketio polling: the disconnect handler emitting after the DISCONNECT is counted, not flagged', () => {
    const [connection] = summarizeSession(recordedSession('python-socketio-polling')).connections;
    expect(connection?.namespaces.find((n) => n.nsp === '/')).toMatchObject({ eventsAfterDisconnect: 1 });
  });
});
