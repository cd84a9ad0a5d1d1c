// The bridge over one WebSocket per page: requests in, Outcome replies and BridgeEvents out, all
// through the same handler table Electron's IPC uses. A socket that falls behind gets `records`
// events without their records (counts only): the renderer pages in what it shows, and no page can
// make the host buffer without bound.
import type { WebSocket } from 'ws';
import type { BridgeEvent } from '../../shared/bridge/api';
import { parseWireRequest, type WireEvent, type WireReply } from '../../shared/bridge/wire';
import type { HandlerTable } from '../app/handler-table';

/** Bytes queued on a socket beyond which `records` events travel without their records. */
const SLOW_SOCKET_BYTES = 8 * 1024 * 1024;

export function serveBridge(socket: WebSocket, table: HandlerTable): void {
  const unsubscribe = table.subscribe((event) => send(socket, { event: lighten(event, socket) }));
  socket.on('close', unsubscribe);
  socket.on('error', () => socket.terminate());
  socket.on('message', (data, isBinary) => {
    if (isBinary) return socket.close(1003, 'the bridge speaks JSON text frames');
    const parsed = parseWireRequest(data.toString());
    if ('error' in parsed) return socket.close(1008, `malformed bridge request: ${parsed.error}`);
    const { id, method, params } = parsed.request;
    void table.dispatch(method, params).then((outcome) => send(socket, { id, ...outcome }));
  });
}

function lighten(event: BridgeEvent, socket: WebSocket): BridgeEvent {
  if (event.type !== 'records' || socket.bufferedAmount < SLOW_SOCKET_BYTES) return event;
  return { ...event, from: event.total, records: [] };
}

function send(socket: WebSocket, message: WireReply | WireEvent): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}
