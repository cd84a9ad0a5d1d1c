// The wire frames of an ACK the user sends by hand (connections.ack with ackReply 'manual'). The engine
// answers server acks only automatically, so a manual answer is encoded here with the shared encoders
// and sent as raw frames on the connection's current transport, exactly as the engine would frame it:
// WebSocket, one frame per Engine.IO packet; polling, one payload holding them all (docs/protocol.md §1.7).
import type { EioPacketInput } from '../../shared/protocol/eio-packet';
import { encodeEioFrame } from '../../shared/protocol/eio-packet';
import { encodePollingPayload } from '../../shared/protocol/eio-payload';
import { encodeSioPacket } from '../../shared/protocol/sio-packet';
import type { EioVersion, Json, Transport } from '../../shared/record';

export type RawFrame = { readonly text: string } | { readonly binary: Uint8Array };

/**
 * `{$binary}` args become a BINARY_ACK with attachments. Throws RangeError for a namespace the grammar cannot
 * carry.
 */
export function ackFrames(
  nsp: string,
  id: number,
  args: readonly Json[],
  version: EioVersion,
  transport: Transport,
): RawFrame[] {
  const { text, attachments } = encodeSioPacket(
    { type: 'ACK', nsp, id, data: [...args] },
    version === 3 ? 4 : 5,
  );
  const packets: EioPacketInput[] = [{ type: 'message', data: text }];
  for (const attachment of attachments) packets.push({ type: 'message', data: attachment });
  if (transport === 'polling') return [frameOf(encodePollingPayload(packets, version))];
  return packets.map((packet) => frameOf(encodeEioFrame(packet, version)));
}

function frameOf(data: string | Uint8Array): RawFrame {
  return typeof data === 'string' ? { text: data } : { binary: data };
}
