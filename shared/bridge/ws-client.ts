// InspectorApi over the web host's WebSocket, for the renderer when there is no `window.inspector`
// (the browser, not Electron). DOM-free: it takes anything shaped like a WebSocket, so the page passes
// `new WebSocket(bridgeUrl(location.href))` and tests pass a `ws` client.
import { parseJson } from '../bounded-json';
import type { BridgeEvent, InspectorApi } from './api';
import type { BridgeMethod } from './channels';
import { createBridgeApi } from './client';
import { unwrapOutcome } from './outcome';
import type { WireRequest } from './wire';
import { UserError } from '../user-error';

/** The part of the WebSocket interface (browser or `ws`) the bridge uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
}

export interface WebBridge extends InspectorApi {
  /** Closes the socket; pending calls reject. */
  close(): void;
}

const CONNECTING = 0;
const OPEN = 1;

export function createWebBridge(socket: SocketLike): WebBridge {
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  const listeners = new Set<(event: BridgeEvent) => void>();
  const queued: string[] = [];
  let nextId = 1;
  let closed = false;

  const publish = (event: BridgeEvent): void => {
    for (const listener of listeners) listener(event);
  };

  socket.addEventListener('open', () => {
    for (const text of queued.splice(0)) socket.send(text);
  });
  socket.addEventListener('message', ({ data }) => {
    if (typeof data !== 'string') return;
    const parsed = parseJson(data);
    if (!('value' in parsed)) return;
    const message = parsed.value;
    if (typeof message !== 'object' || message === null) return;
    if ('event' in message) return publish((message as { event: BridgeEvent }).event);
    const id = (message as { id?: unknown }).id;
    const waiting = typeof id === 'number' ? pending.get(id) : undefined;
    if (waiting === undefined || typeof id !== 'number') return;
    pending.delete(id);
    try {
      waiting.resolve(unwrapOutcome(message));
    } catch (error) {
      waiting.reject(error);
    }
  });
  const end = (why: UserError): boolean => {
    if (closed) return false;
    closed = true;
    for (const waiting of pending.values()) waiting.reject(why);
    pending.clear();
    return true;
  };
  socket.addEventListener('close', () => {
    const lost = new UserError('network', 'lost the connection to sio-inspector (is `serve` still running?)');
    if (end(lost)) publish({ type: 'error', message: lost.message });
  });

  const call = (method: BridgeMethod, params: unknown): Promise<unknown> => {
    if (closed || (socket.readyState !== CONNECTING && socket.readyState !== OPEN))
      return Promise.reject(new UserError('network', 'not connected to sio-inspector'));
    const request: WireRequest = { id: nextId++, method, ...(params !== undefined && { params }) };
    const text = JSON.stringify(request);
    return new Promise((resolve, reject) => {
      pending.set(request.id, { resolve, reject });
      if (socket.readyState === OPEN) socket.send(text);
      else queued.push(text);
    });
  };

  const api = createBridgeApi({
    call,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return {
    ...api,
    close: () => {
      end(new UserError('network', 'the bridge was closed'));
      socket.close(1000, 'closed by the page');
    },
  };
}
