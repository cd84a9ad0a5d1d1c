// The timeline tab: filters and search over the virtualized list, the selected record's detail beside it.
// During playback it shows the records up to the playhead.
import { useSession } from '../../hooks/use-store';
import { clipRows } from '../../state/playback';
import type { SessionSnapshot, SessionStore } from '../../state/session-store';
import { DetailPane } from '../detail/detail-pane';
import { FilterBar } from './filter-bar';
import { TimelineList } from './timeline-list';
import './timeline.css';

export function TimelineView({ store }: { readonly store: SessionStore }) {
  const snap = atPlayhead(useSession(store));
  return (
    <div className="timeline-view">
      <FilterBar store={store} snap={snap} />
      <div className="split">
        <TimelineList store={store} snap={snap} />
        <DetailPane store={store} index={snap.selected} version={snap.pages} />
      </div>
    </div>
  );
}

/** During playback the rows end at the playhead, and the list follows it unless a record is selected. */
function atPlayhead(snap: SessionSnapshot): SessionSnapshot {
  const head = snap.playhead;
  if (head === null) return snap;
  const rows = clipRows(snap.rows, head.count);
  return { ...snap, rows, total: head.count, follow: snap.selected === null };
}
