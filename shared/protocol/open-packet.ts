// The sid an Engine.IO handshake response announces, for those who must group requests into connections
// before decoding them (the recording proxy, the HAR importer): the open packet that starts a polling body
// (framed per version, docs/protocol.md §1.7) or a WebSocket-only session's first message.
import { parseHandshake } from './eio-packet';
import { decodePollingBinary, decodePollingText } from './eio-payload';
import type { EioVersion } from '../record';

/** A polling body's or a WebSocket frame's open packet sid; undefined when it starts with no valid open packet. */
export function openPacketSid(body: string | Uint8Array, eio: EioVersion): string | undefined {
  const first =
    typeof body === 'string' ? decodePollingText(body, eio)[0] : decodePollingBinary(body, eio)[0];
  return first?.type === 'open' && typeof first.data === 'string' ? handshakeSid(first.data) : undefined;
}

/** The sid of a handshake even when other fields are wrong: it still names the connection's requests. */
function handshakeSid(json: string): string | undefined {
  const parsed = parseHandshake(json);
  if ('handshake' in parsed) return parsed.handshake.sid;
  const value = parsed.json;
  const sid = value !== null && typeof value === 'object' && !Array.isArray(value) ? value['sid'] : undefined;
  return typeof sid === 'string' ? sid : undefined;
}
