// SessionStores over real records for the component tests: the fake bridge of the state tests, opened as
// the app opens a session; analysedSession also has the analysis loaded, as a view finds it once the
// Node side has answered.
import type { SessionInfo } from '../../../../shared/bridge/api';
import type { SessionRecord } from '../../../../shared/record';
import { SessionStore } from '../../../../renderer/state/session-store';
import { fakeApi } from './fake-api';

export async function openSession(
  records: SessionRecord[],
  info: Partial<SessionInfo> = {},
): Promise<SessionStore> {
  const api = fakeApi(records, info);
  // No gap between re-filters: a test's filter runs as soon as its promises settle.
  return new SessionStore(api, await api.sessions.open({ name: 'session.ndjson' }), { refreshGapMs: 0 });
}

export async function analysedSession(
  records: SessionRecord[],
  info: Partial<SessionInfo> = {},
): Promise<SessionStore> {
  const store = await openSession(records, info);
  await store.loadAnalysis();
  return store;
}
