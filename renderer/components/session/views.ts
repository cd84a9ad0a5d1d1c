// The views of a session, in tab order (Alt+1…). Sending needs a live connection.

export type ViewId = 'timeline' | 'sequence' | 'heartbeat' | 'acks' | 'findings' | 'emit' | 'raw';

export interface ViewDef {
  readonly id: ViewId;
  readonly label: string;
  readonly title: string;
  readonly liveOnly?: boolean;
}

export const VIEWS: readonly ViewDef[] = [
  { id: 'timeline', label: 'Timeline', title: 'Every packet, filter and search' },
  { id: 'sequence', label: 'Sequence', title: 'Handshake, upgrade and namespace connects' },
  { id: 'heartbeat', label: 'Heartbeat', title: 'Ping intervals and pong latency' },
  { id: 'acks', label: 'Acks', title: 'Ack pairs and latency' },
  { id: 'findings', label: 'Findings', title: 'Protocol violations and oddities' },
  { id: 'emit', label: 'Emit', title: 'Send an event', liveOnly: true },
  { id: 'raw', label: 'Raw & faults', title: 'Send any frame, inject faults', liveOnly: true },
];
