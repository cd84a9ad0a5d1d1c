// InspectorApi over any request/response transport: the web bridge on one WebSocket, and both sides of
// `window.inspector` on Electron IPC. Spelled out method by method so the exposed surface is
// namespaced methods with one options object each, never a generic `invoke(channel, ...)`.
import type { BridgeEvent, InspectorApi } from './api';
import type { BridgeMethod, RequestOf, ResponseOf } from './channels';
import { unwrapOutcome, type Outcome } from './outcome';
import { UserError } from '../user-error';

export interface BridgeTransport {
  /** Sends one request and settles with its result, or rejects with a UserError. */
  call(method: BridgeMethod, params: unknown): Promise<unknown>;
  subscribe(listener: (event: BridgeEvent) => void): () => void;
}

export function createBridgeApi(transport: BridgeTransport): InspectorApi {
  const call =
    <M extends BridgeMethod>(method: M) =>
    (params: RequestOf<M>): Promise<ResponseOf<M>> =>
      transport.call(method, params) as Promise<ResponseOf<M>>;
  return {
    connections: {
      open: call('connections.open'),
      close: call('connections.close'),
      emit: call('connections.emit'),
      ack: call('connections.ack'),
      ackReplies: call('connections.ackReplies'),
      join: call('connections.join'),
      leave: call('connections.leave'),
      sendRaw: call('connections.sendRaw'),
      send: call('connections.send'),
      fault: call('connections.fault'),
      proxy: call('connections.proxy'),
      browser: call('connections.browser'),
    },
    sessions: {
      list: () => call('sessions.list')(undefined),
      open: call('sessions.open'),
      close: call('sessions.close'),
      save: call('sessions.save'),
      page: call('sessions.page'),
      pick: call('sessions.pick'),
      filter: call('sessions.filter'),
      analyse: call('sessions.analyse'),
      stopAnalysis: call('sessions.stopAnalysis'),
      stopLoading: call('sessions.stopLoading'),
      replay: call('sessions.replay'),
      openRecent: call('sessions.openRecent'),
    },
    settings: {
      read: () => call('settings.read')(undefined),
      write: call('settings.write'),
    },
    onEvent: (listener) => transport.subscribe(listener),
  };
}

type Groups = Omit<InspectorApi, 'onEvent'>;

/**
 * InspectorApi with every answer still in its Outcome envelope: what the preload exposes as
 * `window.inspector`. A promise that rejects across Electron's contextBridge arrives as a plain Error
 * with the message only; one that resolves with the envelope arrives whole, code included.
 */
export type EnvelopedApi = {
  readonly [G in keyof Groups]: {
    readonly [N in keyof Groups[G]]: Groups[G][N] extends (...args: infer A) => Promise<infer R>
      ? (...args: A) => Promise<Outcome<R>>
      : never;
  };
} & Pick<InspectorApi, 'onEvent'>;

export interface EnvelopeTransport {
  /** Sends one request and resolves with its envelope, whatever the outcome; never rejects. */
  call(method: BridgeMethod, params: unknown): Promise<Outcome<unknown>>;
  subscribe(listener: (event: BridgeEvent) => void): () => void;
}

export function createEnvelopedApi(transport: EnvelopeTransport): EnvelopedApi {
  // The same methods, each resolving with what `transport.call` gives: the envelope, not its result.
  return createBridgeApi(transport) as unknown as EnvelopedApi;
}

/** The page's side of `window.inspector`: InspectorApi, failing with the UserError the envelope holds. */
export function unwrapEnvelopedApi(api: EnvelopedApi): InspectorApi {
  return createBridgeApi({
    call: async (method, params) => unwrapOutcome(await envelopedMethod(api, method)(params)),
    subscribe: (listener) => api.onEvent(listener),
  });
}

function envelopedMethod(api: EnvelopedApi, method: BridgeMethod): (params: unknown) => Promise<unknown> {
  const [group, name] = method.split('.') as [keyof Groups, string];
  const run = (api[group] as Readonly<Record<string, (params: unknown) => Promise<unknown>>>)[name];
  if (run === undefined)
    return () => Promise.reject(new UserError('unsupported', `this window's bridge has no ${method}`));
  return run;
}
