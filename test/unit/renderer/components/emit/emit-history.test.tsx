import { describe, expect, it } from 'vitest';
import { EmitHistory } from '../../../../../renderer/components/emit/emit-history';
import type { EmitEntry } from '../../../../../renderer/state/emit-history';
import { all, one, render, text, type Element } from '../../support/render';

const HISTORY: readonly EmitEntry[] = [
  { nsp: '/admin', event: 'kick', args: '[\n  "bob",\n  { "reason": "spam" }\n]', ack: true },
  { nsp: '/', event: 'chat', args: '["hi"]', ack: false },
];

const history = (entries: readonly EmitEntry[], canSend: boolean): Element =>
  render(
    <EmitHistory history={entries} canSend={canSend} onLoad={() => undefined} onResend={() => undefined} />,
  );

describe('EmitHistory', () => {
  it('is absent before the first emit', () => {
    expect(history([], true).children).toHaveLength(0);
  });

  it('lists each emit newest first: its event, a namespace other than /, an ack chip, the args on one line', () => {
    const items = all(history(HISTORY, true), { testId: 'emit-history-item' });
    expect(items.map((i) => text(one(i, { className: 'history-load' })))).toEqual([
      'kick/adminack[ "bob", { "reason": "spam" } ]',
      'chat["hi"]',
    ]);
    expect(all(items[1]!, { className: 'chip' })).toHaveLength(0);
  });

  it('offers Resend only while the connection can send', () => {
    const resend = (canSend: boolean): (string | undefined)[] =>
      all(history(HISTORY, canSend), { testId: 'emit-history-item' }).map(
        (i) => all(i, { tag: 'button' }).find((b) => text(b) === 'Resend')?.attrs.disabled,
      );
    expect(resend(true)).toEqual([undefined, undefined]);
    expect(resend(false)).toEqual(['', '']);
  });
});
