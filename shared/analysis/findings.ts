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

/**
 * How many findings of one code an analysis lists; the rest are counted. A session of millions of
 * records can hold a million findings of one code (every ack of a server that never answers); a
 * thousand examples say what is wrong, and the count says how often.
 */
export const FINDING_EXAMPLES = 1000;

/** Findings counted but not listed, by code. */
export type FindingCounts = Partial<Record<FindingCode, number>>;

/** The findings an analysis keeps as it goes: the first `examples` of each code, and a count of the rest. */
export class FindingLog {
  readonly list: Finding[] = [];
  /** Made at the first finding: a summary has several logs for each of thousands of connections, most empty. */
  private counts: Map<FindingCode, number> | null = null;

  constructor(private readonly examples = FINDING_EXAMPLES) {}

  push(f: Finding): void {
    if (this.counted(f.code) <= this.examples) this.list.push(f);
  }

  /** Whether a finding of this code would be listed (so its message is worth building). */
  listing(code: FindingCode): boolean {
    return (this.counts?.get(code) ?? 0) < this.examples;
  }

  /** Counts one more finding of `code` without its message: it would not be listed. */
  count(code: FindingCode): void {
    this.counted(code);
  }

  /** Whether it holds anything yet: a finding, or the count of one. */
  get empty(): boolean {
    return this.counts === null;
  }

  omitted(): FindingCounts {
    const omitted: FindingCounts = {};
    for (const [code, n] of this.counts ?? []) if (n > this.examples) omitted[code] = n - this.examples;
    return omitted;
  }

  /** Counts one more of `code`; returns the count. */
  private counted(code: FindingCode): number {
    this.counts ??= new Map();
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    return n;
  }
}

export interface FindingsPart {
  readonly findings: readonly Finding[];
  readonly omitted?: FindingCounts;
}

/**
 * Several analyses' findings as one list in frame order, the first `examples` of each code listed and
 * the rest counted with what the analyses themselves left out.
 */
export function mergeFindings(
  parts: readonly FindingsPart[],
  examples = FINDING_EXAMPLES,
): { readonly findings: Finding[]; readonly omitted: FindingCounts } {
  const omitted: FindingCounts = {};
  const all: Finding[] = [];
  for (const part of parts) {
    for (const f of part.findings) all.push(f);
    for (const [code, n] of Object.entries(part.omitted ?? {}) as [FindingCode, number][])
      omitted[code] = (omitted[code] ?? 0) + n;
  }
  const listed = new Map<FindingCode, number>();
  const findings: Finding[] = [];
  for (const f of sortFindings(all)) {
    const n = (listed.get(f.code) ?? 0) + 1;
    listed.set(f.code, n);
    if (n <= examples) findings.push(f);
    else omitted[f.code] = (omitted[f.code] ?? 0) + 1;
  }
  return { findings, omitted };
}
