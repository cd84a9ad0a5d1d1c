// Which record a link means when its frame holds several: a polling response carries many packets in
// one frame (a namespace's CONNECT and another's CONNECT_ERROR, a pong and an EVENT). Findings, ack pairs
// and sequence steps name a frame; the hint names the packet in it.
import type { FindingCode } from './findings';
import type { StepName } from './sequence';
import type { EioPacketType, SessionRecord, SioPacketType } from '../record';
import { isLifecycle } from '../record';

export interface RecordHint {
  readonly eio?: readonly EioPacketType[];
  readonly sio?: readonly SioPacketType[];
  readonly nsp?: string;
  readonly id?: number;
  /** A record with a decode error. */
  readonly error?: boolean;
}

export function matchesHint(record: SessionRecord, hint: RecordHint): boolean {
  if (isLifecycle(record)) return false;
  if (hint.error === true && record.error === undefined) return false;
  if (hint.eio !== undefined && (record.eio === undefined || !hint.eio.includes(record.eio.type)))
    return false;
  if (hint.sio !== undefined && (record.sio === undefined || !hint.sio.includes(record.sio.type)))
    return false;
  if (hint.nsp !== undefined && record.sio?.nsp.split('?')[0] !== hint.nsp) return false;
  if (hint.id !== undefined && record.sio?.id !== hint.id) return false;
  return true;
}

const ACKS: readonly SioPacketType[] = ['ACK', 'BINARY_ACK'];
const EVENTS: readonly SioPacketType[] = ['EVENT', 'BINARY_EVENT'];

/** The packet a finding is about, by its code. */
export function findingHint(code: FindingCode): RecordHint {
  switch (code) {
    case 'DECODE_ERROR':
      return { error: true };
    case 'HANDSHAKE_MISSING':
    case 'HANDSHAKE_DUPLICATE':
    case 'CORS_ORIGIN_BLOCKED':
      return { eio: ['open'] };
    case 'UPGRADE_WITHOUT_PROBE':
    case 'UPGRADE_INCOMPLETE':
    case 'UPGRADE_NOT_OFFERED':
      return { eio: ['upgrade', 'ping', 'pong', 'noop'] };
    case 'HEARTBEAT_DIRECTION':
    case 'HEARTBEAT_TIMEOUT':
    case 'PONG_SLOW':
    case 'PONG_WITHOUT_PING':
      return { eio: ['ping', 'pong'] };
    case 'CONNECT_NOT_FIRST':
    case 'CONNECT_UNANSWERED':
      return { sio: ['CONNECT'] };
    case 'NAMESPACE_REFUSED':
      return { sio: ['CONNECT_ERROR', 'ERROR'] };
    case 'NAMESPACE_DISCONNECTED':
      return { sio: ['DISCONNECT'] };
    case 'EVENT_BEFORE_CONNECT':
    case 'RECOVERY_MISSED_PACKETS':
      return { sio: EVENTS };
    case 'ACK_UNANSWERED':
    case 'ACK_ID_REUSED':
      return { sio: EVENTS };
    case 'ACK_DUPLICATE':
    case 'ACK_UNKNOWN':
      return { sio: ACKS };
    case 'PACKET_DIRECTION':
    case 'PACKET_AFTER_CLOSE':
    case 'PAYLOAD_TOO_LARGE':
    case 'TRANSPORT_ERROR':
      return {};
  }
}

/** The request or the answer of an ack pair. */
export function ackHint(nsp: string, id: number, answer: boolean): RecordHint {
  return { sio: answer ? ACKS : EVENTS, nsp, id };
}

/** The packet of a sequence step; undefined for the websocket opening, which is no packet. */
export function stepHint(step: StepName, nsp: string | undefined): RecordHint | undefined {
  switch (step) {
    case 'ws-open':
      return undefined;
    case 'open':
      return { eio: ['open'] };
    case '2probe':
      return { eio: ['ping'] };
    case '3probe':
      return { eio: ['pong'] };
    case 'noop':
      return { eio: ['noop'] };
    case 'upgrade':
      return { eio: ['upgrade'] };
    case 'CONNECT':
    case 'CONNECT_ERROR':
    case 'ERROR':
      return nsp === undefined ? { sio: [step] } : { sio: [step], nsp };
  }
}
