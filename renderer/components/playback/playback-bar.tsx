// Offline playback of a saved session: play / pause, one record back or forward, the speed, and a
// scrubber over the session's time. Off until the user plays or scrubs; "All" hands the view back.
// Times are the records' own `t`, formatted as the timeline and the diagrams show them.
import { useState } from 'react';
import type { SessionSnapshot, SessionStore } from '../../state/session-store';
import { PLAYBACK_SPEEDS } from '../../state/playback';
import { formatTime } from '../../state/record-format';
import './playback.css';

export function PlaybackBar({
  store,
  snap,
}: {
  readonly store: SessionStore;
  readonly snap: SessionSnapshot;
}) {
  const head = snap.playhead;
  const playback = store.playback;
  const [wanted, setWanted] = useState(1);
  const speed = head?.speed ?? wanted;
  const empty = snap.total === 0;
  return (
    <div className="playback" data-testid="playback" data-active={head !== null}>
      <button
        className="button button-quiet"
        data-testid="playback-back"
        title="One record back"
        aria-label="One record back"
        disabled={empty}
        onClick={() => void playback.step(-1)}
      >
        ◂ Back
      </button>
      <button
        className="button"
        data-testid="playback-play"
        title="Play the recording back here, at its timing: the views follow the playhead, nothing is sent"
        aria-pressed={head?.playing === true}
        disabled={empty}
        onClick={() => (head?.playing === true ? playback.pause() : void playback.play(speed))}
      >
        {head?.playing === true ? 'Pause' : 'Play'}
      </button>
      <button
        className="button button-quiet"
        data-testid="playback-step"
        title="One record forward"
        aria-label="One record forward"
        disabled={empty}
        onClick={() => void playback.step(1)}
      >
        Step ▸
      </button>
      <select
        className="input playback-speed"
        data-testid="playback-speed"
        aria-label="Speed"
        value={speed}
        onChange={(e) => {
          const next = Number(e.currentTarget.value);
          setWanted(next);
          playback.setSpeed(next);
        }}
      >
        {PLAYBACK_SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}x
          </option>
        ))}
      </select>
      <Scrubber store={store} snap={snap} />
      <span className="playback-time" data-testid="playback-time">
        {head === null ? (
          'all records'
        ) : (
          <>
            <span data-testid="playback-clock">{formatTime(head.time)}</span>
            {` / ${formatTime(head.end)} · ${head.count} of ${snap.total}`}
          </>
        )}
      </span>
      {head !== null && (
        <button className="button button-quiet" data-testid="playback-off" onClick={() => playback.stop()}>
          Show all
        </button>
      )}
    </div>
  );
}

/**
 * The range is the records' own clock. Before the first play no times are known yet: it runs 0 to 1,
 * sits at the end (everything shown), and a move seeks that fraction of the session's span.
 */
function Scrubber({ store, snap }: { readonly store: SessionStore; readonly snap: SessionSnapshot }) {
  const head = snap.playhead;
  const [min, max, value] =
    head === null ? [0, 1, 1] : [head.start, Math.max(head.end, head.start + 0.001), head.time];
  return (
    <input
      type="range"
      className="playback-scrubber"
      data-testid="playback-scrubber"
      aria-label="Playhead"
      aria-valuetext={head === null ? 'all records' : formatTime(head.time)}
      min={min}
      max={max}
      step="any"
      value={value}
      disabled={snap.total === 0}
      onChange={(e) => {
        const at = Number(e.currentTarget.value);
        void (head === null ? seekFraction(store, at) : store.playback.seek(at));
      }}
    />
  );
}

/** Seeks to a fraction of the session's time span (the range knows no times before the first play). */
async function seekFraction(store: SessionStore, fraction: number): Promise<void> {
  const total = store.getSnapshot().total;
  if (total === 0) return;
  const [start, end] = await Promise.all([store.timeAt(0), store.timeAt(total - 1)]);
  await store.playback.seek(start + fraction * (end - start));
}
