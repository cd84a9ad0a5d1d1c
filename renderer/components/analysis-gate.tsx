// Shows an analysis view's content once there is an analysis (the previous one while a newer loads),
// and a clear line while loading or when it failed.
import type { ReactNode } from 'react';
import type { ConnectionAnalysis } from '../../shared/bridge/api';
import type { AnalysisState, SessionStore } from '../state/session-store';

export function AnalysisGate({
  analysis,
  store,
  children,
}: {
  readonly analysis: AnalysisState;
  readonly store: SessionStore;
  readonly children: (analyses: readonly ConnectionAnalysis[]) => ReactNode;
}) {
  if (analysis.status === 'ready') return <>{children(analysis.analyses)}</>;
  if (analysis.status === 'loading' && analysis.previous !== undefined)
    return <>{children(analysis.previous)}</>;
  if (analysis.status === 'error') {
    return (
      <div className="empty" role="alert">
        <p>Could not analyse the session: {analysis.message}</p>
        <button className="button" onClick={() => void store.loadAnalysis(true)}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <div className="empty" data-testid="analysing">
      Analysing…
    </div>
  );
}
