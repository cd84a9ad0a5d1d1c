// Timeline geometry, one source for the header, the painted rows and the accessible rows over them: a
// fixed row height (the virtualization depends on it) and the columns, laid out to pixels for a width.

import type { RowCells } from '../../state/record-format';

export const ROW_HEIGHT = 22;

export type ColumnKey = Exclude<keyof RowCells, 'kind'>;

export interface Column {
  readonly key: ColumnKey;
  readonly label: string;
  readonly title: string;
  readonly align: 'left' | 'right' | 'center';
}

export const COLUMNS: readonly Column[] = [
  { key: 'time', label: 'Time', title: 'Seconds since the session started', align: 'right' },
  {
    key: 'conn',
    label: 'Conn',
    title: 'Connection: each Engine.IO session (a client of a proxy, a reconnect) is one',
    align: 'left',
  },
  { key: 'dir', label: '', title: '→ client to server, ← server to client', align: 'center' },
  {
    key: 'transport',
    label: 'Via',
    title: 'Transport: ws (WebSocket) or poll (HTTP long-polling)',
    align: 'left',
  },
  { key: 'eio', label: 'Engine.IO', title: 'Engine.IO packet type', align: 'left' },
  { key: 'sio', label: 'Socket.IO', title: 'Socket.IO packet type', align: 'left' },
  { key: 'nsp', label: 'Nsp', title: 'Namespace', align: 'left' },
  { key: 'name', label: 'Event / ack', title: 'Event name or ack id', align: 'left' },
  { key: 'size', label: 'Size', title: 'Bytes on the wire', align: 'right' },
  { key: 'preview', label: 'Preview', title: 'Arguments or data', align: 'left' },
];

/** Full: the timeline tab. Compact: the live tail beside the emit editor, which drops transport and nsp. */
export type ColumnSet = 'full' | 'compact';

/** Widths in px; `name` takes what is left between its min and max, `preview` the rest. */
const WIDTHS: Record<ColumnSet, Partial<Record<ColumnKey, number>> & { gap: number; nameMin: number }> = {
  full: {
    time: 78,
    conn: 40,
    dir: 18,
    transport: 36,
    eio: 62,
    sio: 96,
    nsp: 72,
    name: 150,
    size: 62,
    gap: 8,
    nameMin: 90,
  },
  compact: { time: 70, conn: 36, dir: 18, eio: 58, sio: 84, name: 120, size: 56, gap: 6, nameMin: 70 },
};

/** Space before the first column: the selection's 2 px accent bar and the row's padding. */
export const ROW_INSET_LEFT = 12;
const ROW_INSET_RIGHT = 10;
/** The preview keeps this much before the event column gives up width. */
const PREVIEW_MIN = 120;

export interface PlacedColumn extends Column {
  /** px from the row's left edge. */
  readonly x: number;
  readonly width: number;
}

export interface ColumnLayout {
  readonly columns: readonly PlacedColumn[];
  /** The same widths as a CSS grid template, for the DOM header and the accessible rows. */
  readonly template: string;
  readonly gap: number;
}

/** `connections`: the session has more than one, so a column tells them apart. */
export function columnLayout(set: ColumnSet, rowWidth: number, connections = false): ColumnLayout {
  const widths = WIDTHS[set];
  const shown = COLUMNS.filter(
    (c) => c.key === 'preview' || (widths[c.key] !== undefined && (c.key !== 'conn' || connections)),
  );
  const fixed = shown.reduce(
    (sum, c) => sum + (c.key === 'preview' || c.key === 'name' ? 0 : widths[c.key]!),
    0,
  );
  const gaps = widths.gap * (shown.length - 1);
  const inner = Math.max(0, rowWidth - ROW_INSET_LEFT - ROW_INSET_RIGHT);
  // The event column shrinks toward its minimum before the preview is squeezed to nothing.
  const name = Math.max(widths.nameMin, Math.min(widths.name ?? 0, inner - fixed - gaps - PREVIEW_MIN));
  let x = ROW_INSET_LEFT;
  const columns = shown.map((c): PlacedColumn => {
    const width =
      c.key === 'preview'
        ? Math.max(0, ROW_INSET_LEFT + inner - x)
        : c.key === 'name'
          ? name
          : widths[c.key]!;
    const placed = { ...c, x, width };
    x += width + widths.gap;
    return placed;
  });
  const template = columns.map((c) => (c.key === 'preview' ? 'minmax(0, 1fr)' : `${c.width}px`)).join(' ');
  return { columns, template, gap: widths.gap };
}
