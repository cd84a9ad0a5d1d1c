// One timeline row, positioned on its own and memoized: while scrolling, rows that stay in view keep
// their props, so only the rows coming into view render and paint.
import { memo } from 'react';
import type { SessionRecord } from '../../../shared/record';
import { rowCells, type RowCells } from '../../state/record-format';

const PENDING: RowCells = {
  time: '…',
  dir: '',
  transport: '',
  eio: '',
  sio: '',
  nsp: '',
  name: '',
  size: '',
  preview: '',
  kind: 'lifecycle',
};

export interface TimelineRowProps {
  readonly index: number;
  readonly row: number;
  readonly record: SessionRecord | undefined;
  /** px from the top of the list's content; constant for a row unless the scroll range is compressed. */
  readonly top: number;
  readonly selected: boolean;
  readonly hit: boolean;
  readonly onSelect: (index: number) => void;
}

export const TimelineRow = memo(function TimelineRow({
  index,
  row,
  record,
  top,
  selected,
  hit,
  onSelect,
}: TimelineRowProps) {
  const style = { transform: `translateY(${top}px)` };
  // A row whose record is still on its way has the same cells, empty: when it arrives only text changes.
  const c = record === undefined ? PENDING : rowCells(record);
  const pending = record === undefined;
  const classes = `row ${pending ? 'row-pending' : `kind-${c.kind}`}${selected ? ' selected' : ''}${hit ? ' hit' : ''}`;
  return (
    <div
      className={classes}
      style={style}

      role="row"
      aria-rowindex={row + 2}
      aria-selected={selected}
      data-testid={pending ? undefined : 'frame-row'}
      data-index={index}
      data-kind={pending ? undefined : c.kind}
      onMouseDown={() => onSelect(index)}
    >
      <span className="cell cell-time">{c.time}</span>
      <span className={`cell cell-dir dir-${c.dir === '→' ? 'out' : c.dir === '←' ? 'in' : 'none'}`}>
        {c.dir}
      </span>
      <span className="cell cell-transport">{c.transport}</span>
      <span className="cell cell-eio">{c.eio}</span>
      <span className="cell cell-sio">{c.sio}</span>
      <span className="cell cell-nsp">{c.nsp}</span>
      <span className="cell cell-name" title={c.name}>
        {c.name}
      </span>
      <span className="cell cell-size">{c.size}</span>
      <span className="cell cell-preview">{c.preview}</span>
    </div>
  );
});
