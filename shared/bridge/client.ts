// InspectorApi over any request/response transport: the preload builds `window.inspector` on Electron
// IPC with it, the web bridge on one WebSocket. Spelled out method by method so the exposed surface is
// namespaced methods with one options object each, never a generic `invoke(channel, ...)`.
import type { BridgeEvent, InspectorApi } from './api';
import type { BridgeMethod, RequestOf, ResponseOf } from './channels';

export interface BridgeTransport {
  /** Sends one request and settles with its result, or rejects with a BridgeError. */
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
      sendRaw: call('connections.sendRaw'),
      fault: call('connections.fault'),
      proxy: call('connections.proxy'),
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
      replay: call('sessions.replay'),
    },
    onEvent: (listener) => transport.subscribe(listener),
  };
}
