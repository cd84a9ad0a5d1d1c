// The live traffic beside a composer (the emit and raw tabs): the timeline's compact columns, and the
// selected record's detail under it.
import type { SessionSnapshot, SessionStore } from '../../state/session-store';
import { DetailPane } from '../detail/detail-pane';
import { TimelineList } from './timeline-list';
import './timeline.css';

export function LiveTail({ store, snap }: { readonly store: SessionStore; readonly snap: SessionSnapshot }) {
  return (
    <div className="emit-tail">
      <div className="pane-title">Live traffic</div>
      <TimelineList store={store} snap={snap} columns="compact" />
      {snap.selected !== null && <DetailPane store={store} index={snap.selected} version={snap.pages} />}
    </div>
  );
}
