// Credentials in the app's sessions, through the real handler table against a real socket.io 4 server: a
// live session's recording and what sessions.save writes (session file and HAR) mask them unless the
// session was opened with keepSecrets; a replay of a masked session is refused naming what is missing,
// and with the values given it sends them (the server's /admin takes the real token only).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayResult, SaveSessionResult, SessionInfo } from '../../../shared/bridge/api';
import type { Outcome } from '../../../shared/bridge/outcome';
import { isLifecycle, type SessionRecord } from '../../../shared/record';
import { createHandlerTable, type HandlerTable } from '../../../electron/app/handler-table';
import { connectLive } from '../../../electron/app/live-session';
import { ADMIN_TOKEN, RELAXED_HEARTBEAT, startSocketIo4Server, type TestServer } from '../../support/servers';
import { tempDir } from '../../support/temp-dir';

let sio4: TestServer;
let table: HandlerTable;

beforeAll(async () => {
  sio4 = await startSocketIo4Server(RELAXED_HEARTBEAT);
  table = createHandlerTable({
    connect: connectLive,
    recordDir: tempDir('sio-secrets'),
  });
});
afterAll(async () => {
  await table.dispose();
  await sio4.close();
});

const AUTH = `"token":"${ADMIN_TOKEN}"`;

/** A polling connection to / and /admin with a credential in each place a client puts one. */
async function connectWithSecrets(keepSecrets: boolean): Promise<SessionInfo> {
  const info = ok<SessionInfo>(
    await table.dispatch('connections.open', {
      url: sio4.url,
      transports: ['polling'],
      upgrade: false,
      namespaces: ['/', '/admin'],
      auth: { token: ADMIN_TOKEN },
      headers: { 'X-Api-Key': 'header-secret' },
      query: { access_token: 'query-secret' },
      ...(keepSecrets && { keepSecrets: true }),
    }),
  );
  await expect
    .poll(async () => (await page(info.session)).some((r) => connectOf(r, 'in', '/admin')), {
      timeout: 10_000,
    })
    .toBe(true);
  ok(await table.dispatch('connections.close', { session: info.session }));
  return info;
}

describe('secrets in the app', () => {
  let masked: SessionInfo;

  it('masks credentials in the recording and in what sessions.save writes, unless keepSecrets', async () => {
    for (const keep of [false, true]) {
      const info = await connectWithSecrets(keep);
      if (!keep) masked = info;
      const saved = ok<SaveSessionResult>(await table.dispatch('sessions.save', { session: info.session }));
      const har = ok<SaveSessionResult>(
        await table.dispatch('sessions.save', { session: info.session, format: 'har' }),
      );
      const recording = readFileSync(info.recording ?? '', 'utf8');
      for (const [what, text] of [
        ['session file', saved.content ?? ''],
        ['HAR', har.content ?? ''],
        ['recording', recording],
      ] as const) {
        expect(text.includes(AUTH) || text.includes(AUTH.replace(/"/g, '\\"')), `${what} auth`).toBe(keep);
        expect(text.includes('query-secret'), `${what} query`).toBe(keep);
        if (!keep) expect(text, what).toContain('<redacted>');
      }
      // The session file's header says how the connection was made, as the recording's does.
      for (const text of [saved.content ?? '', recording])
        expect(text.split('\n')[0]?.includes('header-secret'), 'header').toBe(keep);
      // The app shows the user's own session as it happened.
      expect((await page(info.session)).some((r) => JSON.stringify(r).includes('query-secret'))).toBe(true);
    }
  });

  it('refuses to replay a masked recording without its values, and sends the values given', async () => {
    // The live session itself holds its values; its recording, opened as a file, does not.
    const file = ok<SessionInfo>(
      await table.dispatch('sessions.open', {
        name: 'masked.sio-session.ndjson',
        content: readFileSync(masked.recording ?? '', 'utf8'),
      }),
    );
    await expect
      .poll(
        async () =>
          ok<SessionInfo[]>(await table.dispatch('sessions.list', undefined)).find(
            (i) => i.session === file.session,
          )?.state,
      )
      .toBe('offline');
    const refused = await table.dispatch('sessions.replay', {
      session: file.session,
      target: sio4.url,
      speed: 0,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(
          /recorded with secrets masked \(.*header X-Api-Key.*query access_token.*auth of \/admin.*\); give their values/,
        ),
      },
    });
    const replay = ok<ReplayResult>(
      await table.dispatch('sessions.replay', {
        session: file.session,
        target: sio4.url,
        speed: 0,
        secrets: {
          headers: { 'X-Api-Key': 'header-secret' },
          query: { access_token: 'query-secret' },
          auth: { token: ADMIN_TOKEN },
        },
      }),
    );
    expect(replay.diff.counts).toMatchObject({ different: 0, missing: 0 });
    const replayed = await page(replay.info.session);
    // The server let the replay into /admin: it sent the real token, not the mask.
    expect(replayed.some((r) => connectOf(r, 'in', '/admin'))).toBe(true);
    expect(replayed.some((r) => !isLifecycle(r) && r.sio?.type === 'CONNECT_ERROR')).toBe(false);
    // Its own recording masks them again.
    expect(readFileSync(replay.info.recording ?? '', 'utf8')).not.toContain('query-secret');
  });

  it('checks the new fields like every other', async () => {
    expect(
      await table.dispatch('sessions.replay', {
        session: masked.session,
        target: sio4.url,
        secrets: { headers: { 'X-Api-Key': 5 } },
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-request', message: /request\.secrets\.headers/ } });
    expect(await table.dispatch('connections.proxy', { target: sio4.url, keepSecrets: 'yes' })).toMatchObject(
      { ok: false, error: { code: 'invalid-request', message: /options\.keepSecrets/ } },
    );
  });
});

function connectOf(record: SessionRecord, dir: 'in' | 'out', nsp: string): boolean {
  return (
    !isLifecycle(record) && record.dir === dir && record.sio?.type === 'CONNECT' && record.sio.nsp === nsp
  );
}

function ok<T>(outcome: Outcome<unknown>): T {
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as T;
}

async function page(session: string): Promise<SessionRecord[]> {
  return ok<SessionRecord[]>(await table.dispatch('sessions.page', { session, from: 0, count: 5000 }));
}
