// The session's analyses for the views that draw them: fetched when a view opens, and again as a live
// session grows, at most once a second (an analysis walks every record on the Node side).
import { useEffect } from 'react';
import type { AnalysisState, SessionStore } from '../state/session-store';
import { useSession } from './use-store';

const LIVE_REFRESH_MS = 1000;

export function useAnalysis(store: SessionStore): AnalysisState {
  const { analysis, total } = useSession(store);
  // Re-run when the total moves; the analysis state itself changing must not loop, only its first load.
  const idle = analysis.status === 'idle';
  useEffect(() => {
    const timer = setTimeout(() => void store.loadAnalysis(), idle ? 0 : LIVE_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [store, total, idle]);
  return analysis;
}
