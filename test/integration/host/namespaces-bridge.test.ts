// Namespaces of a live connection over the web bridge, against real socket.io 4 and 2 servers whose
// /admin refuses connections without the token: join with an auth of its own, refused with the
// server's reason, re-authenticate on the same connection, leave; and a connection whose namespaces
// were all refused says so in its SessionInfo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeEvent, LiveNamespace, SessionInfo } from '../../../shared/bridge/api';
import { createHandlerTable, type HandlerTable } from '../../../electron/app/handler-table';
import { connectLive } from '../../../electron/app/live-session';
import { startWebHost, type WebHost } from '../../../electron/host/web-host';
import type { WebBridge } from '../../../shared/bridge/ws-client';
import {
  ADMIN_TOKEN,
  startSocketIo2Server,
  startSocketIo4Server,
  type TestServer,
} from '../../support/servers';
import { connectBridge, eventually } from '../../support/host-client';

let table: HandlerTable;
let host: WebHost;
let v4: TestServer;
let v2: TestServer;

beforeAll(async () => {
  [v4, v2] = await Promise.all([startSocketIo4Server(), startSocketIo2Server()]);
  table = createHandlerTable({ connect: connectLive });
  host = await startWebHost({ table, rendererDir: '/nonexistent' });
});

afterAll(async () => {
  await host.close();
  await table.dispose();
  await Promise.all([v4.close(), v2.close()]);
});

/** Waits until the session's info shows `nsp` with `status`; resolves with that info's namespaces. */
async function status(
  bridge: WebBridge,
  events: BridgeEvent[],
  session: string,
  nsp: string,
  wanted: LiveNamespace['status'],
): Promise<readonly LiveNamespace[]> {
  const seen = (e: BridgeEvent): boolean =>
    e.type === 'session' &&
    e.info.session === session &&
    (e.info.namespaces ?? []).some((n) => n.nsp === nsp && n.status === wanted);
  const event = await eventually(bridge, events, seen);
  events.splice(0, events.indexOf(event) + 1);
  return event.type === 'session' ? (event.info.namespaces ?? []) : [];
}

describe.each([
  ['socket.io 4', () => v4],
  ['socket.io 2', () => v2],
])('namespaces of a live connection, %s', (_name, server) => {
  it('is refused with the reason, re-authenticates with its own auth, and leaves', async () => {
    const { bridge, events } = connectBridge(host.url);
    try {
      const info: SessionInfo = await bridge.connections.open({
        url: server().url,
        transports: ['websocket'],
        upgrade: false,
        namespaces: ['/admin'],
        auth: { token: 'wrong' },
      });
      // Every namespace refused: the info says so, whatever the Engine.IO session's state.
      expect(await status(bridge, events, info.session, '/admin', 'refused')).toEqual([
        { nsp: '/admin', status: 'refused', error: 'unauthorized' },
      ]);

      await bridge.connections.join({ session: info.session, nsp: '/admin', auth: { token: ADMIN_TOKEN } });
      expect(await status(bridge, events, info.session, '/admin', 'connected')).toEqual([
        { nsp: '/admin', status: 'connected' },
      ]);
      const records = await bridge.sessions.page({ session: info.session, from: 0, count: 200 });
      const connects = records.flatMap((r) =>
        'sio' in r && r.sio?.type === 'CONNECT' && r.dir === 'out' ? [r.sio.nsp] : [],
      );
      expect(connects.length).toBeGreaterThanOrEqual(2);

      // Re-authenticating a joined namespace leaves it and joins again with the new auth.
      await bridge.connections.join({ session: info.session, nsp: '/admin', auth: { token: 'wrong' } });
      await status(bridge, events, info.session, '/admin', 'refused');
      await bridge.connections.join({ session: info.session, nsp: '/admin', auth: { token: ADMIN_TOKEN } });
      await status(bridge, events, info.session, '/admin', 'connected');

      await bridge.connections.leave({ session: info.session, nsp: '/admin' });
      await status(bridge, events, info.session, '/admin', 'disconnected');
      await bridge.connections.close({ session: info.session });
    } finally {
      bridge.close();
    }
  });
});

describe('join and leave requests', () => {
  it('are validated and refused on sessions that cannot send', async () => {
    const { bridge } = connectBridge(host.url);
    try {
      await expect(bridge.connections.join({ session: 's1', nsp: 'admin' })).rejects.toThrow(
        'connections.join: request.nsp must start with "/"',
      );
      const file = await bridge.sessions.open({
        content: '{"dir":"in","transport":"websocket","text":"40"}',
      });
      await expect(bridge.connections.leave({ session: file.session, nsp: '/' })).rejects.toThrow(
        /is an opened file, not a live connection/,
      );
    } finally {
      bridge.close();
    }
  });
});
