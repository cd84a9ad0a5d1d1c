// The session's analyses for the views that draw them: fetched as soon as a view opens on records it has
// not analysed, and again as a live session grows, at most once a second (an analysis walks every record
// on the Node side). The refresh is paced from the last fetch, not from the last record: a session that
// never pauses (heartbeats, a busy server) must still see its analysis follow.
import { useEffect, useRef } from 'react';
import type { AnalysisState, SessionStore } from '../state/session-store';
import { useSession } from './use-store';

const LIVE_REFRESH_MS = 1000;

export function useAnalysis(store: SessionStore): AnalysisState {
  const { analysis, total } = useSession(store);
  /** When this view last asked; 0 until it has, so that opening the view asks at once. */
  const asked = useRef(0);
  // The record count the analysis held answers for; a failed one is not retried until records arrive.
  const answered =
    analysis.status === 'ready' ? analysis.total : analysis.status === 'error' ? total : undefined;
  useEffect(() => {
    if (answered === total) return;
    const wait = Math.max(0, asked.current + LIVE_REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      asked.current = Date.now();
      void store.loadAnalysis();
    }, wait);
    return () => clearTimeout(timer);
  }, [store, total, answered]);
  return analysis;
}
