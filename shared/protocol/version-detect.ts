// Tells Engine.IO v3 from v4 by what a connection's first frames show, when nobody said which it is
// (a frame-lines file, a HAR, a proxied client). Reference: docs/protocol.md §1.4, §1.7, §2.5.
// This is the one decision: the decoder stamps it on every packet record (`eioVersion`), and the
// analyses take it from there (analysis/eio-version.ts) rather than guess again.
import type { EioVersion } from '../record';
import type { FrameInput } from './session-decoder';

/** Frames a connection may show before we stop waiting for evidence and assume v4. */
export const DETECTION_WINDOW = 32;

/**
 * The version the frames prove, or undefined while they prove nothing. Evidence, first match wins:
 * - a polling body framed `<len>:<packet>` or as an XHR2 binary payload: only v3 has them (§1.7);
 *   a polling body that starts with a packet type digit and no length prefix: v4;
 * - a heartbeat ping that is not a probe: v3 clients ping, v4 servers ping (§1.4); pongs the other way;
 * - Socket.IO CONNECT: a v5 server answers with `{"sid"}` and a v5 client sends one for `/` too, while
 *   a v4 server connects `/` by itself with no payload (§2.5).
 */
export function detectEioVersion(frames: readonly FrameInput[]): EioVersion | undefined {
  let clientConnected = false;
  for (const frame of frames) {
    const { dir, transport, text, binary } = frame;
    if (transport === 'polling') {
      if (binary !== undefined) {
        if (binary.length >= 3 && binary[0]! <= 1 && binary[1]! <= 9) return 3;
        continue;
      }
      if (text === undefined || text.length === 0) continue;
      const prefixed = lengthPrefixed(text);
      if (prefixed) return 3;
      if (isTypeDigit(text.charCodeAt(0))) {
        const verdict = packetEvidence(text.split('\x1e', 1)[0] ?? '', dir, clientConnected);
        if (verdict !== undefined) return verdict;
        if (text.charCodeAt(0) === 0x30 /* 0: open */) return 4;
        clientConnected ||= dir === 'out' && text.startsWith('40');
      }
      continue;
    }
    if (text === undefined) continue;
    const verdict = packetEvidence(text, dir, clientConnected);
    if (verdict !== undefined) return verdict;
    clientConnected ||= dir === 'out' && text.startsWith('40');
  }
  return undefined;
}

function packetEvidence(packet: string, dir: 'in' | 'out', clientConnected: boolean): EioVersion | undefined {
  if (packet === '2') return dir === 'out' ? 3 : 4;
  if (packet === '3') return dir === 'in' ? 3 : 4;
  if (!packet.startsWith('40')) return undefined;
  const payload = packet.indexOf('{');
  if (dir === 'out') return payload === 2 || packet === '40' ? 4 : undefined;
  if (packet.startsWith('40{"sid"') || /^40\/[^,]*,\{"sid"/.test(packet)) return 4;
  // A server CONNECT with no payload that no client CONNECT asked for: socket.io 1/2 connecting `/`.
  if (payload === -1 && !clientConnected) return 3;
  return undefined;
}

function lengthPrefixed(text: string): boolean {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  if (i === 0 || i > 15 || text.charCodeAt(i) !== 0x3a /* : */) return false;
  const length = Number(text.slice(0, i));
  // `4:ab` is also a v4 message ":ab"; only a prefix that fits the body and is followed by a
  // packet type (or `b` for base64) counts as v3 framing.
  if (length === 0) return text.length === i + 1;
  const next = text.charCodeAt(i + 1);
  return i + 1 + length <= text.length && (isTypeDigit(next) || next === 0x62); /* b */
}

function isTypeDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x36;
}
