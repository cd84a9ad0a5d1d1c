// Socket.IO namespaces on one connection: which connected, with which socket id, which were refused
// and why, and the namespace rules a client or server broke on the way (docs/protocol.md §2.5).
import type { EioVersion, Json, PacketRecord, SessionRecord, SioField } from '../record';
import { isLifecycle } from '../record';
import { finding, FindingLog, type Finding, type FindingCounts } from './findings';
import { connectPid, connectSid, namespaceOf, offeredPid } from '../protocol/sio-namespace';
import { ms } from './packets';

export interface NamespaceError {
  readonly message: string;
  /** v5 CONNECT_ERROR `data` (set by server middleware), when there is one. */
  readonly data?: Json;
}

export interface NamespaceStatus {
  readonly nsp: string;
  /** The last CONNECT exchange succeeded (it stays true after a DISCONNECT; see `disconnectedBy`). */
  readonly connected: boolean;
  /** v5: from the server's CONNECT; v4: the Engine.IO sid for `/`, `<nsp>#<sid>` otherwise (§2.5). */
  readonly sid?: string;
  /** Why the last CONNECT was refused. */
  readonly error?: NamespaceError;
  /** Who sent DISCONNECT after the namespace connected. */
  readonly disconnectedBy?: 'client' | 'server';
  /**
   * EVENT packets the server sent after the client's DISCONNECT: socket.io servers still deliver what a
   * `disconnecting` handler emits, so this is said, not found fault with.
   */
  readonly eventsAfterDisconnect?: number;
  /** Connection-state recovery (socket.io ≥4.6): the private id the server's CONNECT gave. */
  readonly pid?: string;
  /** The client offered `{pid, offset}` in its CONNECT: whether the server kept that pid (recovered). */
  readonly recovered?: boolean;
}

export interface NamespaceOptions {
  readonly eio: EioVersion;
  /** The Engine.IO sid, which names v4 sockets. */
  readonly sid: string | null;
}

/** One refusal of a namespace CONNECT, where it came. */
export interface NamespaceRefusal {
  readonly nsp: string;
  readonly t: number;
  readonly frame: number;
  readonly error: NamespaceError;
}

export interface NamespaceAnalysis {
  /** In the order the namespaces first appear. */
  readonly namespaces: readonly NamespaceStatus[];
  /** Every refusal in time order with its own reason: a status keeps only the last one's. */
  readonly refusals: readonly NamespaceRefusal[];
  readonly findings: readonly Finding[];
  /** Findings counted but not listed (FINDING_EXAMPLES of each code are). */
  readonly findingsOmitted: FindingCounts;
}

export function analyzeNamespaces(
  records: readonly SessionRecord[],
  options: NamespaceOptions,
): NamespaceAnalysis {
  const tracker = new NamespaceTracker(options);
  for (const record of records) tracker.push(record);
  return tracker.finish();
}

interface Namespace {
  state: 'seen' | 'requested' | 'connected' | 'refused' | 'disconnected';
  request: { readonly frame: number; readonly t: number } | null;
  sid: string | undefined;
  error: NamespaceError | undefined;
  disconnectedBy: 'client' | 'server' | undefined;
  /** EVENT packets while not connected: the first one's frame and side, and how many. */
  early: { readonly frame: number; readonly side: string; count: number } | null;
  /** Server EVENT packets after the client's DISCONNECT. */
  afterDisconnect: number;
  /** The pid the client's pending CONNECT offered to recover (`{pid, offset}` in its auth). */
  offeredPid: string | undefined;
  pid: string | undefined;
  recovered: boolean | undefined;
  /**
   * Server EVENT packets between a recovering CONNECT and its answer: socket.io 4.6+ replays the
   * missed packets before it answers, so they are not early.
   */
  missed: { readonly frame: number; count: number } | null;
}

/** analyzeNamespaces one record at a time, for analyses that fold records as they pass. */
export class NamespaceTracker {
  private readonly namespaces = new Map<string, Namespace>();
  private lastT: number | null = null;
  private readonly findings = new FindingLog();
  private readonly refusals: NamespaceRefusal[] = [];
  private clientSpoke = false;

  constructor(private readonly options: NamespaceOptions) {}

  push(record: SessionRecord): void {
    this.lastT = record.t;
    if (!isLifecycle(record) && record.sio !== undefined) this.packet(record, record.sio);
  }

  packet(p: PacketRecord, sio: SioField): void {
    const { dir, frame } = p;
    const nsp = namespaceOf(sio.nsp);
    const ns = this.namespace(nsp);
    if (dir === 'out' && !this.clientSpoke) {
      this.clientSpoke = true;
      // v5 servers close a connection whose first packet is not a CONNECT (§2.5); v4 connects `/` unasked.
      if (this.options.eio === 4 && sio.type !== 'CONNECT') {
        this.findings.push(
          finding(
            'CONNECT_NOT_FIRST',
            frame,
            `first Socket.IO packet from the client is ${sio.type} on ${nsp}, not CONNECT`,
          ),
        );
      }
    }
    switch (sio.type) {
      case 'CONNECT':
        if (dir === 'out') {
          if (ns.state === 'connected') return;
          const request = { frame, t: p.t };
          Object.assign(ns, {
            state: 'requested',
            request,
            sid: undefined,
            error: undefined,
            disconnectedBy: undefined,
            offeredPid: offeredPid(sio.data),
          });
        } else {
          Object.assign(ns, {
            state: 'connected',
            request: null,
            error: undefined,
            disconnectedBy: undefined,
          });
          ns.sid = this.socketId(nsp, sio.data);
          const pid = connectPid(sio.data);
          if (pid !== undefined) ns.pid = pid;
          if (ns.offeredPid !== undefined) ns.recovered = pid === ns.offeredPid;
          ns.offeredPid = undefined;
        }
        return;
      case 'CONNECT_ERROR':
      case 'ERROR':
        // v4 ERROR also reports errors on a connected namespace; only before the connect is it a refusal.
        if (dir === 'in' && (sio.type === 'CONNECT_ERROR' || ns.state !== 'connected'))
          this.refuse(ns, nsp, p);
        return;
      case 'DISCONNECT':
        if (ns.state === 'connected') ns.disconnectedBy = dir === 'in' ? 'server' : 'client';
        Object.assign(ns, { state: 'disconnected', request: null });
        if (dir === 'in')
          this.findings.push(finding('NAMESPACE_DISCONNECTED', frame, `server disconnected ${nsp}`));
        return;
      case 'EVENT':
      case 'BINARY_EVENT':
        if (ns.state === 'connected') return;
        if (dir === 'in' && ns.state === 'requested' && ns.offeredPid !== undefined) {
          if (ns.missed === null) ns.missed = { frame, count: 1 };
          else ns.missed.count++;
          return;
        }
        if (dir === 'in' && ns.state === 'disconnected' && ns.disconnectedBy === 'client') {
          ns.afterDisconnect++;
          return;
        }
        if (ns.early === null) ns.early = { frame, side: dir === 'in' ? 'server' : 'client', count: 1 };
        else ns.early.count++;
        return;
      case 'ACK':
      case 'BINARY_ACK':
        return;
      default: {
        // Records may come from a file: an unknown type is skipped, not thrown (the compiler still checks).
        const _unknown: never = sio.type;
        return;
      }
    }
  }

  finish(): NamespaceAnalysis {
    const { lastT } = this;
    const namespaces: NamespaceStatus[] = [];
    for (const [nsp, ns] of this.namespaces) {
      if (ns.early !== null) {
        const { frame, side, count } = ns.early;
        const more = count > 1 ? ` (${count} EVENT packets in all while not connected)` : '';
        this.findings.push(
          finding('EVENT_BEFORE_CONNECT', frame, `${side} sent EVENT on ${nsp} before it connected${more}`),
        );
      }
      if (ns.missed !== null) {
        const { frame, count } = ns.missed;
        this.findings.push(
          finding(
            'RECOVERY_MISSED_PACKETS',
            frame,
            `server replayed ${count} missed packet(s) on ${nsp} before answering the recovering CONNECT`,
          ),
        );
      }
      if (ns.state === 'requested' && ns.request !== null) {
        const waited = lastT === null ? '' : ` (${ms(lastT - ns.request.t)} until the end of the records)`;
        this.findings.push(
          finding('CONNECT_UNANSWERED', ns.request.frame, `CONNECT for ${nsp} never answered${waited}`),
        );
      }
      namespaces.push({
        nsp,
        connected: ns.state === 'connected' || ns.disconnectedBy !== undefined,
        ...(ns.sid !== undefined && { sid: ns.sid }),
        ...(ns.error !== undefined && { error: ns.error }),
        ...(ns.disconnectedBy !== undefined && { disconnectedBy: ns.disconnectedBy }),
        ...(ns.afterDisconnect > 0 && { eventsAfterDisconnect: ns.afterDisconnect }),
        ...(ns.pid !== undefined && { pid: ns.pid }),
        ...(ns.recovered !== undefined && { recovered: ns.recovered }),
      });
    }
    return {
      namespaces,
      refusals: this.refusals,
      findings: this.findings.list,
      findingsOmitted: this.findings.omitted(),
    };
  }

  private namespace(nsp: string): Namespace {
    let ns = this.namespaces.get(nsp);
    if (ns === undefined) {
      ns = {
        state: 'seen',
        request: null,
        sid: undefined,
        error: undefined,
        disconnectedBy: undefined,
        early: null,
        afterDisconnect: 0,
        offeredPid: undefined,
        pid: undefined,
        recovered: undefined,
        missed: null,
      };
      this.namespaces.set(nsp, ns);
    }
    return ns;
  }

  private refuse(ns: Namespace, nsp: string, p: PacketRecord): void {
    const error = refusal(p.sio?.data);
    Object.assign(ns, { state: 'refused', request: null, error, sid: undefined, disconnectedBy: undefined });
    this.refusals.push({ nsp, t: p.t, frame: p.frame, error });
    const why = error.message === '' ? 'no reason given' : JSON.stringify(error.message);
    this.findings.push(finding('NAMESPACE_REFUSED', p.frame, `server refused ${nsp}: ${why}`));
  }

  private socketId(nsp: string, data: Json | undefined): string | undefined {
    if (this.options.eio === 4) {
      return connectSid(data);
    }
    const { sid } = this.options;
    if (sid === null) return undefined;
    return nsp === '/' ? sid : `${nsp}#${sid}`;
  }
}

/** v5 sends `{message, data?}`, v4 a string (an object when middleware set `err.data`) (§2.5). */
export function refusal(data: Json | undefined): NamespaceError {
  if (typeof data === 'string') return { message: data };
  if (isObject(data) && typeof data.message === 'string') {
    return data.data === undefined ? { message: data.message } : { message: data.message, data: data.data };
  }
  return { message: data === undefined ? '' : JSON.stringify(data) };
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
