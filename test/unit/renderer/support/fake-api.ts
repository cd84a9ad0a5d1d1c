// A small in-memory InspectorApi for the renderer's state tests: records in an array, filter by a few
// fields, every call counted. Not a model of the Node side's store, only of the contract.
import type {
  BridgeEvent,
  ConnectionAnalysis,
  InspectorApi,
  RecordFilter,
  SessionInfo,
} from '../../../../shared/bridge/api';
import { analyzeSession } from '../../../../shared/analysis/summary';
import type { SessionRecord } from '../../../../shared/record';
import { isLifecycle } from '../../../../shared/record';
import { EMPTY_SETTINGS } from '../../../../shared/settings/app-settings';

export interface FakeApi extends InspectorApi {
  readonly records: SessionRecord[];
  readonly calls: { method: string; params: unknown }[];
  emitEvent(event: BridgeEvent): void;
  /** Appends records and pushes a `records` event, as the Node side's batcher would. */
  append(records: readonly SessionRecord[]): void;
  /** Holds page/pick answers until release() when set. */
  hold: boolean;
  release(): Promise<void>;
  /** When set, a filter scans at most this many records per call and says `more`, as a big session's does. */
  filterSlice: number | undefined;
}

export const SESSION = 's1';

export function fakeApi(records: SessionRecord[] = [], info: Partial<SessionInfo> = {}): FakeApi {
  const listeners = new Set<(e: BridgeEvent) => void>();
  const calls: { method: string; params: unknown }[] = [];
  const held: (() => void)[] = [];
  const sessionInfo = (): SessionInfo => ({
    session: SESSION,
    title: 'test',
    kind: 'file',
    state: 'offline',
    total: records.length,
    ...info,
    connections: info.connections ?? [...new Set(records.map((r) => r.conn))],
  });
  const answer = async <T>(method: string, params: unknown, value: () => T): Promise<T> => {
    calls.push({ method, params });
    if (api.hold) await new Promise<void>((resolve) => held.push(resolve));
    return value();
  };
  const api: FakeApi = {
    records,
    calls,
    hold: false,
    filterSlice: undefined,
    async release() {
      for (const resolve of held.splice(0)) resolve();
      await flush();
    },
    emitEvent: (e) => listeners.forEach((l) => l(e)),
    append(more) {
      const from = records.length;
      records.push(...more);
      api.emitEvent({ type: 'records', session: SESSION, from, records: more, total: records.length });
    },
    connections: {
      open: async (options) =>
        answer('connections.open', options, () => ({
          ...sessionInfo(),
          kind: 'live' as const,
          state: 'connecting' as const,
          title: options.url,
        })),
      close: async (r) => answer('connections.close', r, () => undefined),
      emit: async (r) => answer('connections.emit', r, () => undefined),
      ack: async (r) => answer('connections.ack', r, () => undefined),
      ackReplies: async (r) => answer('connections.ackReplies', r, () => undefined),
      join: async (r) => answer('connections.join', r, () => undefined),
      leave: async (r) => answer('connections.leave', r, () => undefined),
      sendRaw: async (r) => answer('connections.sendRaw', r, () => undefined),
      send: async (r) => answer('connections.send', r, () => undefined),
      fault: async (r) => answer('connections.fault', r, () => undefined),
      proxy: async (options) =>
        answer('connections.proxy', options, () => ({
          ...sessionInfo(),
          kind: 'live' as const,
          state: 'open' as const,
          title: `proxy → ${options.target}`,
          proxy: { listen: 'http://127.0.0.1:8080', target: options.target },
        })),
      browser: async (options) =>
        answer('connections.browser', options, () => {
          const target = options.mode === 'launch' ? options.url : options.cdp;
          return {
            ...sessionInfo(),
            kind: 'live' as const,
            state: 'open' as const,
            title: `browser ${target}`,
            browser: { mode: options.mode, target },
          };
        }),
    },
    sessions: {
      list: async () => answer('sessions.list', undefined, () => [sessionInfo()]),
      open: async (r) => answer('sessions.open', r, () => sessionInfo()),
      close: async (r) => answer('sessions.close', r, () => undefined),
      save: async (r) => answer('sessions.save', r, () => ({ content: '' })),
      page: async (r) => answer('sessions.page', r, () => records.slice(r.from, r.from + r.count)),
      pick: async (r) => answer('sessions.pick', r, () => r.indices.map((i) => records[i] as SessionRecord)),
      filter: async (r) =>
        answer('sessions.filter', r, () => {
          const from = r.from ?? 0;
          const end = Math.min(records.length, from + (api.filterSlice ?? Infinity));
          const indices: number[] = [];
          for (let i = from; i < end; i++)
            if (matches(records[i] as SessionRecord, r.filter)) indices.push(i);
          return end < records.length ? { total: end, indices, more: true } : { total: end, indices };
        }),
      analyse: async (r) =>
        answer('sessions.analyse', r, (): readonly ConnectionAnalysis[] => analyzeSession(records)),
      stopAnalysis: async (r) => answer('sessions.stopAnalysis', r, () => undefined),
      stopLoading: async (r) => answer('sessions.stopLoading', r, () => undefined),
      replay: async (r) =>
        answer('sessions.replay', r, () => ({
          info: { ...sessionInfo(), kind: 'live' as const, state: 'closed' as const },
          diff: { answers: [], counts: { matched: 0, different: 0, missing: 0, extra: 0, unanswered: 0 } },
        })),
      openRecent: async (r) => answer('sessions.openRecent', r, () => ({ ...sessionInfo(), file: r.path })),
    },
    settings: {
      read: async () => answer('settings.read', undefined, () => ({ settings: EMPTY_SETTINGS })),
      write: async (r) => answer('settings.write', r, () => undefined),
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return api;
}

/** Lets every settled promise's callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function matches(r: SessionRecord, f: RecordFilter): boolean {
  if (f.dir !== undefined && (isLifecycle(r) || r.dir !== f.dir)) return false;
  if (f.hideHeartbeats === true && !isLifecycle(r) && (r.eio?.type === 'ping' || r.eio?.type === 'pong'))
    return false;
  if (f.event !== undefined && (isLifecycle(r) || String(r.sio?.event) !== f.event)) return false;
  if (f.text !== undefined && !JSON.stringify(r).toLowerCase().includes(f.text.toLowerCase())) return false;
  return true;
}

/** `n` websocket records: an open, then EVENTs named e0, e1, … with a ping every tenth. */
export function makeRecords(n: number): SessionRecord[] {
  const out: SessionRecord[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0)
      out.push({
        t: 0,
        conn: 'c1',
        frame: 0,
        dir: 'in',
        transport: 'websocket',
        size: 80,
        eio: {
          type: 'open',
          data: { sid: 'abc', upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1e6 },
        },
      });
    else if (i % 10 === 0)
      out.push({
        t: i,
        conn: 'c1',
        frame: i,
        dir: 'in',
        transport: 'websocket',
        size: 1,
        eio: { type: 'ping' },
      });
    else
      out.push({
        t: i,
        conn: 'c1',
        frame: i,
        dir: i % 2 === 0 ? 'in' : 'out',
        transport: 'websocket',
        size: 20,
        eio: { type: 'message', data: `2["e${i}"]` },
        sio: { type: 'EVENT', nsp: '/', event: `e${i}`, args: [] },
      });
  }
  return out;
}
