import { describe, expect, it } from 'vitest';
import type { ConnectionAnalysis } from '../../../../shared/bridge/api';
import { MAX_LISTED_CONNECTIONS } from '../../../../shared/limits';
import { analyzeSession } from '../../../../shared/analysis/summary';
import { ConnectionPicker, PICKER_BUTTONS } from '../../../../renderer/components/connection-picker';
import { v4WebsocketSession } from '../../shared/analysis/records';
import { all, one, render, text, type Element } from '../support/render';

/** `count` connections, c1 to c<count>, each the analysis of one real websocket session. */
function analyses(count: number): ConnectionAnalysis[] {
  const [first] = analyzeSession(v4WebsocketSession('c1').records);
  if (first === undefined) throw new Error('no analysis');
  return Array.from({ length: count }, (_, i) => ({
    ...first,
    summary: { ...first.summary, conn: `c${i + 1}` },
  }));
}

const picker = (list: readonly ConnectionAnalysis[], value: string): Element =>
  render(<ConnectionPicker analyses={list} time={null} value={value} onChange={() => undefined} />);

describe('ConnectionPicker', () => {
  it('offers a button per connection while they are few', () => {
    const page = picker(analyses(3), 'c2');
    const buttons = all(page, { tag: 'button' });
    expect(buttons.map((b) => text(b).split(' · ')[0])).toEqual(['c1', 'c2', 'c3']);
    expect(all(page, { testId: 'conn-picker-list' })).toHaveLength(0);
  });

  it('offers a list past a dozen, with the chosen one selected', () => {
    const page = picker(analyses(PICKER_BUTTONS + 1), 'c13');
    expect(all(page, { tag: 'button' })).toHaveLength(0);
    const options = all(one(page, { testId: 'conn-picker-list' }), { tag: 'option' });
    expect(options).toHaveLength(PICKER_BUTTONS + 1);
    expect(options.filter((o) => o.attrs.selected !== undefined).map((o) => o.attrs.value)).toEqual(['c13']);
    expect(all(page, { testId: 'conn-picker-id' })).toHaveLength(0);
  });

  it('lists the first connections of thousands, says how many more, and offers to type an id', () => {
    const list = analyses(MAX_LISTED_CONNECTIONS + 1500);
    const page = picker(list, 'c2400');
    const options = all(one(page, { testId: 'conn-picker-list' }), { tag: 'option' });
    // The listed ones, the chosen one past them, and the line saying how many more.
    expect(options).toHaveLength(MAX_LISTED_CONNECTIONS + 2);
    expect(options.filter((o) => o.attrs.selected !== undefined).map((o) => o.attrs.value)).toEqual([
      'c2400',
    ]);
    expect(text(options.at(-1) as Element)).toBe('and 1,500 more: type an id beside');
    expect(all(page, { testId: 'conn-picker-id' })).toHaveLength(1);
  });
});
