// The decoded fields, nested as in the packet. Clicking a field (or moving with the arrow keys) picks
// the range the raw dumps highlight.
import { useMemo, type KeyboardEvent } from 'react';
import type { FrameField } from '../../../shared/protocol/frame-fields';
import './detail.css';

interface FlatField {
  readonly field: FrameField;
  readonly depth: number;
}

export function FieldTree({
  fields,
  selected,
  onSelect,
}: {
  readonly fields: readonly FrameField[];
  readonly selected: FrameField | null;
  readonly onSelect: (f: FrameField | null) => void;
}) {
  const flat = useMemo(() => flatten(fields), [fields]);
  const onKeyDown = (e: KeyboardEvent): void => {
    const at = flat.findIndex((f) => f.field === selected);
    const next = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : undefined;
    if (next === undefined) return;
    e.preventDefault();
    const f = flat[Math.max(0, Math.min(flat.length - 1, next))];
    if (f !== undefined) onSelect(f.field);
  };
  return (
    <ul className="field-tree" role="tree" tabIndex={0} onKeyDown={onKeyDown} data-testid="field-tree">
      {flat.map(({ field, depth }, i) => (
        <li
          key={i}
          role="treeitem"
          aria-selected={field === selected}
          aria-level={depth + 1}
          className={`field${field === selected ? ' selected' : ''}`}
          style={{ paddingLeft: 8 + depth * 14 }}
          onClick={() => onSelect(field === selected ? null : field)}
          data-testid="field"
        >
          <span className="field-label">{field.label}</span>
          <span className="field-value">{field.value}</span>
          <span className="field-range">
            {field.start}–{field.end}
          </span>
        </li>
      ))}
    </ul>
  );
}

function flatten(fields: readonly FrameField[]): FlatField[] {
  const out: FlatField[] = [];
  const stack: FlatField[] = [...fields].reverse().map((field) => ({ field, depth: 0 }));
  while (stack.length > 0) {
    const item = stack.pop() as FlatField;
    out.push(item);
    const children = item.field.children ?? [];
    for (let i = children.length - 1; i >= 0; i--)
      stack.push({ field: children[i] as FrameField, depth: item.depth + 1 });
  }
  return out;
}
