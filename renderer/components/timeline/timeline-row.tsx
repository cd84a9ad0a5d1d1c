// One timeline row as DOM, laid invisibly over its painted twin on the canvas: what assistive technology,
// tooltips, tests and scripts (data-testid=frame-row) read. Memoized and positioned on its own, so a
// re-render after scrolling touches only the rows that changed.
import { memo } from 'react';
import type { SessionRecord } from '../../../shared/record';
import { rowCells, timeTitle } from '../../state/record-format';
import type { PlacedColumn } from './columns';

export interface TimelineRowProps {
  readonly index: number;
  readonly row: number;
  readonly record: SessionRecord | undefined;
  readonly columns: readonly PlacedColumn[];
  /** px from the top of the list's content; constant for a row unless the scroll range is compressed. */
  readonly top: number;
  readonly selected: boolean;
  readonly hit: boolean;
  /** The session's start, for the wall-clock time in the time cell's hover. */
  readonly started: string | undefined;
}

export const TimelineRow = memo(function TimelineRow({
  index,
  row,
  record,
  columns,
  top,
  selected,
  hit,
  started,
}: TimelineRowProps) {
  // A row whose record is still on its way is a row without cells: it is not a frame-row yet.
  const c = record === undefined ? undefined : rowCells(record);
  return (
    <div
      className={`row${selected ? ' selected' : ''}${hit ? ' hit' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      role="row"
      aria-rowindex={row + 2}
      aria-selected={selected}
      data-testid={c === undefined ? undefined : 'frame-row'}
      data-index={index}
      data-kind={c?.kind}
    >
      {c !== undefined &&
        columns.map((col) => (
          <span
            key={col.key}
            className={`cell cell-${col.key}`}
            role="gridcell"
            title={
              col.key === 'name' || col.key === 'preview'
                ? c[col.key]
                : col.key === 'time' && record !== undefined
                  ? timeTitle(started, record.t)
                  : undefined
            }
          >
            {c[col.key]}
          </span>
        ))}
    </div>
  );
});
