// What the two transports share: the raw frames they see, what they tell the Engine.IO connection, and
// the operations the connection drives them with. A frame is one WebSocket message or one polling HTTP
// body (README.md, "Records": `frame` is the index of these).
import type { EioPacketInput } from '../../shared/protocol/eio-packet';
import type { Direction, LifecycleRecord, Transport } from '../../shared/record';
import type { Failure } from './failure';

export type WireFrame = { readonly text: string } | { readonly binary: Uint8Array };

/** A lifecycle record before the connection stamps it with its time and id. */
export type LifecycleInput = Omit<LifecycleRecord, 't' | 'conn'>;

export interface TransportListener {
  /** Every frame on the wire, in order, as soon as it is sent or received. */
  frame(from: TransportHandle, dir: Direction, frame: WireFrame): void;
  lifecycle(from: TransportHandle, record: LifecycleInput): void;
  /**
   * The server answered an HTTP request (a poll, a POST, the websocket upgrade) with an error status;
   * `sentBytes` is the body a refused POST carried.
   */
  refused(from: TransportHandle, status: number, body: string, sentBytes?: number): void;
  /** The transport cannot go on: a network error, or the peer cut it. */
  failed(from: TransportHandle, failure: Failure): void;
  /** The peer closed the transport properly (a websocket close frame with 1000 or no status). */
  ended(from: TransportHandle, reason: string): void;
}

export interface TransportHandle {
  readonly name: Transport;
  /** Sends packets with this transport's framing. */
  send(packets: readonly EioPacketInput[]): void;
  /** Sends one frame exactly as given, valid or not (a WS message, or a POST body). */
  sendRaw(frame: WireFrame): void;
  /** Stops for good, letting what is queued go out first where the transport can. */
  close(): Promise<void>;
  /** Cuts the connection at once, as a crash or a pulled cable would (fault injection). */
  drop(): void;
}

export function frameOf(data: string | Uint8Array): WireFrame {
  return typeof data === 'string' ? { text: data } : { binary: data };
}
