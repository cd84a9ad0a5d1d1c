// Timeline geometry shared by the header and the rows: fixed row height (the virtualization depends on
// it) and the column template.

export const ROW_HEIGHT = 22;

export const COLUMNS = [
  { key: 'time', label: 'Time', title: 'Seconds since the session started' },
  { key: 'dir', label: '', title: '→ client to server, ← server to client' },
  { key: 'transport', label: 'Via', title: 'Transport: ws (WebSocket) or poll (HTTP long-polling)' },
  { key: 'eio', label: 'Engine.IO', title: 'Engine.IO packet type' },
  { key: 'sio', label: 'Socket.IO', title: 'Socket.IO packet type' },
  { key: 'nsp', label: 'Nsp', title: 'Namespace' },
  { key: 'name', label: 'Event / ack', title: 'Event name or ack id' },
  { key: 'size', label: 'Size', title: 'Bytes on the wire' },
  { key: 'preview', label: 'Preview', title: 'Arguments or data' },
] as const;
