// One session: its toolbar, the view tabs, and the view. Findings and acks link to frames: picking one
// selects the record in the timeline and shows it.
import { useCallback, useEffect, useState } from 'react';
import { useDraft } from '../../hooks/use-draft';
import { useSession } from '../../hooks/use-store';
import type { AppStore } from '../../state/app-store';
import { analysisTime } from '../../state/playback';
import { findingsAt } from '../../../shared/analysis/playback-findings';
import type { ConnectionAnalysis } from '../../../shared/bridge/api';
import type { FrameLink } from '../../state/frame-locator';
import type { SessionStore } from '../../state/session-store';
import { AcksView } from '../acks/acks-view';
import { EmitView } from '../emit/emit-view';
import { FindingsView } from '../findings/findings-view';
import { HeartbeatView } from '../heartbeat/heartbeat-view';
import { RawView } from '../raw/raw-view';
import { SequenceView } from '../sequence/sequence-view';
import { TimelineView } from '../timeline/timeline-view';
import { PlaybackBar } from '../playback/playback-bar';
import { ReplayForm } from './replay-button';
import { ReplayDiffPanel } from './replay-diff-panel';
import { SessionToolbar } from './session-toolbar';
import { viewsOf, type ViewId } from './views';
import './session.css';

export function SessionView({ app, store }: { readonly app: AppStore; readonly store: SessionStore }) {
  const snap = useSession(store);
  const views = viewsOf(snap.info);
  const [view, setView] = useDraft<ViewId>(app.drafts, `view:${store.id}`, 'timeline');
  const [replayOpen, setReplayOpen] = useState(false);
  const closeReplay = useCallback(() => setReplayOpen(false), []);

  const showFrame = useCallback(
    (link: FrameLink) => {
      void store.selectFrame(link.frame, link.conn, link.hint).then((found) => {
        if (found) setView('timeline');
        else app.notify('error', `frame ${link.frame} is not in this session`);
      });
    },
    [store, app, setView],
  );

  useEffect(() => {
    // Alt+digit switches views from anywhere, editors included (Alt+digit types nothing useful there).
    const onKey = (e: KeyboardEvent): void => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      const target = Number.isInteger(n) && n >= 1 ? views[n - 1] : undefined;
      if (target === undefined) return;
      e.preventDefault();
      setView(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [views, setView]);

  const shown = views.some((v) => v.id === view) ? view : 'timeline';
  return (
    <div className="session">
      <SessionToolbar
        app={app}
        store={store}
        snap={snap}
        replayOpen={replayOpen}
        onReplayToggle={() => setReplayOpen(!replayOpen)}
      />
      {snap.info.kind === 'file' && <PlaybackBar store={store} snap={snap} />}
      {replayOpen && snap.info.kind === 'file' && (
        <ReplayForm app={app} session={store.id} recordedTarget={snap.info.target} onClose={closeReplay} />
      )}
      <ReplayDiffPanel app={app} session={store.id} />
      {snap.info.proxy !== undefined && (
        <div className="proxy-banner" data-testid="proxy-banner">
          Point your client at <code data-testid="proxy-listen">{snap.info.proxy.listen}</code>; it reaches{' '}
          {snap.info.proxy.target} unchanged, and every frame both ways shows here.
        </div>
      )}
      {snap.info.browser !== undefined && (
        <div className="proxy-banner" data-testid="browser-banner">
          {snap.info.browser.mode === 'launch'
            ? 'Recording the browser opened on '
            : 'Attached to the browser at '}
          <code>{snap.info.browser.target}</code>: its pages' connections show here as they open.
        </div>
      )}
      <nav className="view-tabs" role="tablist" aria-label="Views">
        {views.map((v, i) => (
          <button
            key={v.id}
            role="tab"
            aria-selected={shown === v.id}
            className={`view-tab${shown === v.id ? ' active' : ''}`}
            data-testid={`tab-${v.id}`}
            title={`${v.title} (Alt+${i + 1})`}
            onClick={() => setView(v.id)}
          >
            {v.label}
            <ViewBadge store={store} view={v.id} />
          </button>
        ))}
      </nav>
      <div className="view" role="tabpanel">
        {shown === 'timeline' && <TimelineView store={store} />}
        {shown === 'sequence' && <SequenceView store={store} onFrame={showFrame} />}
        {shown === 'heartbeat' && <HeartbeatView store={store} onFrame={showFrame} />}
        {shown === 'acks' && <AcksView store={store} onFrame={showFrame} />}
        {shown === 'findings' && <FindingsView store={store} onFrame={showFrame} />}
        {shown === 'emit' && <EmitView app={app} store={store} />}
        {shown === 'raw' && <RawView app={app} store={store} />}
      </div>
    </div>
  );
}

/** Findings count on the findings tab, once the analysis has run; during playback, up to the playhead. */
function ViewBadge({ store, view }: { readonly store: SessionStore; readonly view: ViewId }) {
  const { analysis, playhead, total } = useSession(store);
  if (view !== 'findings' || analysis.status !== 'ready') return null;
  const time = analysisTime(playhead, total);
  const findings = analysis.analyses.flatMap((a) => findingsAt(a, time));
  const errors = findings.filter((f) => f.severity === 'error').length;
  // The whole session's count includes the findings counted past each code's listed examples.
  const unlisted = time === null ? analysis.analyses.reduce((n, a) => n + omittedCount(a), 0) : 0;
  if (findings.length === 0) return null;
  return (
    <span className={`badge${errors > 0 ? ' badge-error' : ''}`} data-testid="findings-badge">
      {(findings.length + unlisted).toLocaleString('en-US')}
    </span>
  );
}

function omittedCount(a: ConnectionAnalysis): number {
  return Object.values(a.summary.findingsOmitted ?? {}).reduce((n, k) => n + k, 0);
}
