// The bridge over one WebSocket per page: requests in, Outcome replies and BridgeEvents out, all
// through the same handler table Electron's IPC uses. A socket that falls behind gets `records`
// events without their records (counts only): the renderer pages in what it shows, and no page can
// make the host buffer without bound. A page's requests run a few at a time, the rest wait in order; a
// page that reads nothing at all is dropped once its unread replies pass MAX_QUEUED_BRIDGE_BYTES, or its
// waiting requests MAX_QUEUED_BRIDGE_REQUESTS (shared/limits.ts). The host and its other pages go on.
import type { WebSocket } from 'ws';
import type { BridgeEvent } from '../../shared/bridge/api';
import { parseWireRequest, type WireEvent, type WireReply, type WireRequest } from '../../shared/bridge/wire';
import { stringifyJson } from '../../shared/bounded-json';
import { MAX_QUEUED_BRIDGE_BYTES, MAX_QUEUED_BRIDGE_REQUESTS } from '../../shared/limits';
import { failedOutcome } from '../../shared/bridge/outcome';
import { UserError } from '../../shared/user-error';
import type { HandlerTable } from '../app/handler-table';

/** Bytes queued on a socket beyond which `records` events travel without their records. */
const SLOW_SOCKET_BYTES = 8 * 1024 * 1024;
/**
 * Requests of one page being answered at once: enough that a long analysis does not hold up paging,
 * few enough that a burst of large pages is not built in memory all together.
 */
const RUNNING_PER_PAGE = 4;

export function serveBridge(socket: WebSocket, table: HandlerTable): void {
  const unsubscribe = table.subscribe((event) => send(socket, { event: lighten(event, socket) }));
  const waiting: WireRequest[] = [];
  let running = 0;
  const next = (): void => {
    while (running < RUNNING_PER_PAGE && waiting.length > 0 && socket.readyState === socket.OPEN) {
      if (socket.bufferedAmount > MAX_QUEUED_BRIDGE_BYTES) return drop(socket, unreadReason());
      const { id, method, params } = waiting.shift() as WireRequest;
      running++;
      void table.dispatch(method, params).then((outcome) => {
        running--;
        send(socket, { id, ...outcome });
        next();
      });
    }
  };
  socket.on('close', () => {
    unsubscribe();
    waiting.length = 0;
  });
  socket.on('error', () => socket.terminate());
  socket.on('message', (data, isBinary) => {
    if (isBinary) return socket.close(1003, 'the bridge speaks JSON text frames');
    const parsed = parseWireRequest(data.toString());
    if ('error' in parsed) return socket.close(1008, `malformed bridge request: ${parsed.error}`);
    if (waiting.length >= MAX_QUEUED_BRIDGE_REQUESTS)
      return drop(
        socket,
        `more than ${MAX_QUEUED_BRIDGE_REQUESTS} requests waiting; the page was disconnected`,
      );
    waiting.push(parsed.request);
    next();
  });
}

function lighten(event: BridgeEvent, socket: WebSocket): BridgeEvent {
  if (event.type !== 'records' || socket.bufferedAmount < SLOW_SOCKET_BYTES) return event;
  return { ...event, from: event.total, records: [] };
}

/** A page may take this long to acknowledge the close before its socket is cut. */
const DROP_GRACE_MS = 1000;

function send(socket: WebSocket, message: WireReply | WireEvent): void {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > MAX_QUEUED_BRIDGE_BYTES) return drop(socket, unreadReason());
  const text = stringifyJson(message) ?? unwritable(message);
  if (text !== undefined) socket.send(text);
}

/** A reply that cannot be written still answers its request, with why. */
function unwritable(message: WireReply | WireEvent): string | undefined {
  if (!('id' in message)) return undefined;
  const error = new UserError('io', 'the answer could not be written as JSON');
  return JSON.stringify({ id: message.id, ...failedOutcome(error) });
}

/** The page does not read what it asked for: it is gone or hostile. */
function drop(socket: WebSocket, reason: string): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.close(1008, reason);
  setTimeout(() => socket.terminate(), DROP_GRACE_MS).unref();
}

function unreadReason(): string {
  return `more than ${MAX_QUEUED_BRIDGE_BYTES / (1024 * 1024)} MiB of replies unread; the page was disconnected`;
}
