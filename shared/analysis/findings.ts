// Findings: protocol violations and oddities, each pointing at the frame where it shows. The codes are
// a contract (the `--summary` JSON, the app's findings list, scripts grepping CI output); add codes,
// never rename them. Messages are for people: one line that names the numbers involved.

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  /** The frame to show; null when nothing on the wire marks the spot (e.g. no packet at all). */
  readonly frame: number | null;
}

export interface FindingKind {
  readonly severity: Severity;
  /** What the code means, for a legend or a tooltip; the per-finding message has the particulars. */
  readonly title: string;
  /**
   * The finding relays what the peer said (it refused a namespace, it disconnected one): no claim that
   * it misbehaved, so well-behaved servers show it too. Every other code is a claim about the peer or
   * the wire and stays silent on a reference server's normal behaviour.
   */
  readonly relayed?: true;
}

export const FINDING_KINDS = {
  DECODE_ERROR: { severity: 'error', title: 'A packet or input line could not be decoded' },
  HANDSHAKE_MISSING: { severity: 'error', title: 'The server did not start with an open packet' },
  HANDSHAKE_DUPLICATE: { severity: 'error', title: 'A second open packet on the same connection' },
  PACKET_DIRECTION: { severity: 'warning', title: 'A packet type the other side is supposed to send' },
  PACKET_AFTER_CLOSE: { severity: 'warning', title: 'Packets after the connection was closed' },
  PAYLOAD_TOO_LARGE: { severity: 'error', title: 'A client frame larger than the handshake maxPayload' },
  TRANSPORT_ERROR: { severity: 'warning', title: 'The transport reported an error' },
  UPGRADE_WITHOUT_PROBE: { severity: 'error', title: 'Upgrade packet without a completed 2probe/3probe' },
  UPGRADE_INCOMPLETE: { severity: 'warning', title: 'A transport upgrade started and never completed' },
  UPGRADE_NOT_OFFERED: { severity: 'warning', title: 'Upgrade to a transport the handshake did not offer' },
  HEARTBEAT_DIRECTION: { severity: 'error', title: 'Ping from the wrong side for the Engine.IO version' },
  HEARTBEAT_TIMEOUT: { severity: 'error', title: 'A heartbeat deadline passed' },
  PONG_SLOW: { severity: 'warning', title: 'A pong answered close to pingTimeout' },
  PONG_WITHOUT_PING: { severity: 'warning', title: 'A pong that answers no ping' },
  CONNECT_NOT_FIRST: { severity: 'error', title: "The client's first Socket.IO packet is not a CONNECT" },
  CONNECT_UNANSWERED: { severity: 'warning', title: 'A namespace CONNECT the server never answered' },
  NAMESPACE_REFUSED: { severity: 'warning', title: 'The server refused a namespace CONNECT', relayed: true },
  NAMESPACE_DISCONNECTED: { severity: 'info', title: 'The server disconnected a namespace', relayed: true },
  EVENT_BEFORE_CONNECT: { severity: 'error', title: 'EVENT on a namespace that is not connected' },
  RECOVERY_MISSED_PACKETS: {
    severity: 'info',
    title: 'Packets a recovering server replayed before its CONNECT answer',
    relayed: true,
  },
  ACK_UNANSWERED: { severity: 'warning', title: 'An ack was requested and never answered' },
  ACK_DUPLICATE: { severity: 'error', title: 'An ack id answered more than once' },
  ACK_UNKNOWN: { severity: 'error', title: 'An ACK for an id that was never requested' },
  ACK_ID_REUSED: { severity: 'warning', title: 'An ack id reused while its first request was pending' },
  CORS_ORIGIN_BLOCKED: {
    severity: 'info',
    title: "A browser page at the Origin sent could not read the server's polling answers (CORS)",
  },
} as const satisfies Record<string, FindingKind>;

export type FindingCode = keyof typeof FINDING_KINDS;

export const FINDING_CODES = Object.keys(FINDING_KINDS) as readonly FindingCode[];

/** Whether a finding of this code only relays what the peer said (see FindingKind.relayed). */
export function isRelayed(code: FindingCode): boolean {
  return (FINDING_KINDS[code] as FindingKind).relayed === true;
}

export function finding(code: FindingCode, frame: number | null, message: string): Finding {
  return { code, severity: FINDING_KINDS[code].severity, message, frame };
}

/** Frame order (findings without a frame last), stable so findings of one frame keep their order. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  // Array.prototype.sort is stable (ES2019), so equal frames keep the order the analyses found them in.
  return [...findings].sort((a, b) => frameKey(a) - frameKey(b));
}

function frameKey(f: Finding): number {
  return f.frame ?? Number.MAX_VALUE;
}
