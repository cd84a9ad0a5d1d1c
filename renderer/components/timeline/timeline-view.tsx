// The timeline tab: filters and search over the virtualized list, the selected record's detail beside it.
import { useSession } from '../../hooks/use-store';
import type { SessionStore } from '../../state/session-store';
import { DetailPane } from '../detail/detail-pane';
import { FilterBar } from './filter-bar';
import { TimelineList } from './timeline-list';

export function TimelineView({ store }: { readonly store: SessionStore }) {
  const snap = useSession(store);
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
