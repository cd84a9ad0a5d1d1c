import { describe, expect, it } from 'vitest';
import { PlaybackBar } from '../../../../../renderer/components/playback/playback-bar';
import type { SessionStore } from '../../../../../renderer/state/session-store';
import { recordedSession } from '../../../../support/session-fixtures';
import { makeRecords } from '../../support/fake-api';
import { all, one, render, text, type Element } from '../../support/render';
import { openSession } from '../../support/session';

const bar = (store: SessionStore): Element =>
  render(<PlaybackBar store={store} snap={store.getSnapshot()} />);
const CONTROLS = ['playback-back', 'playback-play', 'playback-step', 'playback-scrubber'];
const disabled = (page: Element): boolean[] =>
  CONTROLS.map((id) => one(page, { testId: id }).attrs.disabled !== undefined);
const selectedSpeed = (page: Element): string[] =>
  all(one(page, { testId: 'playback-speed' }), { tag: 'option' })
    .filter((o) => o.attrs.selected !== undefined)
    .map(text);

describe('PlaybackBar', () => {
  it('cannot play an empty session', async () => {
    const page = bar(await openSession([]));
    expect(disabled(page)).toEqual([true, true, true, true]);
    expect(text(one(page, { testId: 'playback-time' }))).toBe('all records');
  });

  it('is off until played: every record shown, the scrubber at the end, 1x picked', async () => {
    const page = bar(await openSession(makeRecords(50)));
    expect(disabled(page)).toEqual([false, false, false, false]);
    expect(one(page, { testId: 'playback' }).attrs['data-active']).toBe('false');
    expect(text(one(page, { testId: 'playback-play' }))).toBe('Play');
    expect(text(one(page, { testId: 'playback-time' }))).toBe('all records');
    const scrubber = one(page, { testId: 'playback-scrubber' });
    expect([scrubber.attrs.min, scrubber.attrs.max, scrubber.attrs.value]).toEqual(['0', '1', '1']);
    expect(selectedSpeed(page)).toEqual(['1x']);
    expect(all(page, { testId: 'playback-off' })).toHaveLength(0);
  });

  it('shows the playhead’s clock on the records’ time, how many records it has reached, and a way back to all', async () => {
    const records = recordedSession('socketio4-upgrade');
    const store = await openSession(records);
    await store.playback.seek(800);
    const page = bar(store);
    // The recorded session runs from 0.369 s to 1.394 s; seven of its records came by 0.8 s.
    expect(text(one(page, { testId: 'playback-clock' }))).toBe('0.800 s');
    expect(text(one(page, { testId: 'playback-time' }))).toBe(`0.800 s / 1.394 s · 7 of ${records.length}`);
    expect(one(page, { testId: 'playback-scrubber' }).attrs['aria-valuetext']).toBe('0.800 s');
    expect(one(page, { testId: 'playback' }).attrs['data-active']).toBe('true');
    expect(text(one(page, { testId: 'playback-off' }))).toBe('Show all');
  });

  it('turns Play into Pause while playing, at the speed asked for', async () => {
    const store = await openSession(makeRecords(50));
    await store.playback.play(5);
    try {
      const page = bar(store);
      const play = one(page, { testId: 'playback-play' });
      expect([text(play), play.attrs['aria-pressed']]).toEqual(['Pause', 'true']);
      expect(selectedSpeed(page)).toEqual(['5x']);
    } finally {
      store.playback.pause();
    }
    expect(text(one(bar(store), { testId: 'playback-play' }))).toBe('Play');
  });
});
