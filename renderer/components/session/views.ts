// The views of a session, in tab order (Alt+1…). Sending needs the app's own live connection: a proxy
// or a browser session only records other clients' traffic, and a file is what was.
import type { SessionInfo } from '../../../shared/bridge/api';

export type ViewId = 'timeline' | 'sequence' | 'heartbeat' | 'acks' | 'findings' | 'emit' | 'raw';

export interface ViewDef {
  readonly id: ViewId;
  readonly label: string;
  readonly title: string;
  /** Sends on the session's connection. */
  readonly sends?: boolean;
}

export const VIEWS: readonly ViewDef[] = [
  { id: 'timeline', label: 'Timeline', title: 'Every packet, filter and search' },
  { id: 'sequence', label: 'Sequence', title: 'Handshake, upgrade and namespace connects' },
  { id: 'heartbeat', label: 'Heartbeat', title: 'Ping intervals and pong latency' },
  { id: 'acks', label: 'Acks', title: 'Ack pairs and latency' },
  { id: 'findings', label: 'Findings', title: 'Protocol violations and oddities' },
  { id: 'emit', label: 'Emit', title: 'Send an event', sends: true },
  { id: 'raw', label: 'Raw & faults', title: 'Send any frame, inject faults', sends: true },
];

/** The views `info`'s session offers. */
export function viewsOf(info: SessionInfo): readonly ViewDef[] {
  const sends = info.kind === 'live' && info.proxy === undefined && info.browser === undefined;
  return sends ? VIEWS : VIEWS.filter((v) => v.sends !== true);
}
