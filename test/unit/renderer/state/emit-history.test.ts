import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, parseHistory, remember } from '../../../../renderer/state/emit-history';

const e = (event: string, args = '[]') => ({ nsp: '/', event, args, ack: false });

describe('emit history', () => {
  it('puts the newest first and moves a resent emit to the top', () => {
    let h = remember([], e('a'));
    h = remember(h, e('b'));
    h = remember(h, e('a'));
    expect(h.map((x) => x.event)).toEqual(['a', 'b']);
  });

  it('keeps a bounded number', () => {
    let h = remember([], e('0'));
    for (let i = 1; i < HISTORY_LIMIT + 10; i++) h = remember(h, e(String(i)));
    expect(h).toHaveLength(HISTORY_LIMIT);
  });

  it('reads back only well-formed entries from storage', () => {
    expect(parseHistory(null)).toEqual([]);
    expect(parseHistory('not json')).toEqual([]);
    expect(parseHistory(JSON.stringify([e('ok'), { event: 1 }, null]))).toEqual([e('ok')]);
  });
});
