// The wire frames of an ACK the user sends by hand (connections.ack with ackReply 'manual'). The engine
// answers server acks only automatically, so a manual answer is encoded here with the shared encoders
// and sent as raw frames on the connection's current transport, exactly as the engine would frame it:
// WebSocket, one frame per Engine.IO packet; polling, one payload holding them all (docs/protocol.md §1.7).
import type { EioPacketInput } from '../../shared/protocol/eio-packet';
import { encodeEioFrame } from '../../shared/protocol/eio-packet';
import { encodePollingPayload } from '../../shared/protocol/eio-payload';
import { encodeSioPacket, type SioOutPacket } from '../../shared/protocol/sio-packet';
import { encodeSioMsgpack } from '../../shared/protocol/sio-msgpack';
import type { EioVersion, Json, Parser, Transport } from '../../shared/record';

export type RawFrame = { readonly text: string } | { readonly binary: Uint8Array };

/**
 * `{$binary}` args become a BINARY_ACK with attachments (msgpack: binary inline, one message). Throws
 * RangeError for a namespace the grammar cannot carry.
 */
export function ackFrames(
  nsp: string,
  id: number,
  args: readonly Json[],
  version: EioVersion,
  transport: Transport,
  parser: Parser = 'socket.io',
): RawFrame[] {
  const packet: SioOutPacket = { type: 'ACK', nsp, id, data: [...args] };
  const packets: EioPacketInput[] = [];
  if (parser === 'msgpack') packets.push({ type: 'message', data: encodeSioMsgpack(packet) });
  else {
    const { text, attachments } = encodeSioPacket(packet, version === 3 ? 4 : 5);
    packets.push({ type: 'message', data: text });
    for (const attachment of attachments) packets.push({ type: 'message', data: attachment });
  }
  if (transport === 'polling') return [frameOf(encodePollingPayload(packets, version))];
  return packets.map((packet) => frameOf(encodeEioFrame(packet, version)));
}

function frameOf(data: string | Uint8Array): RawFrame {
  return typeof data === 'string' ? { text: data } : { binary: data };
}
