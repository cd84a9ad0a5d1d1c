// The raw tab: send any frame on the current transport, valid or not, and inject faults into the
// connection (stop the heartbeat, delay pongs, drop the transport) to see how the server reacts.
import { useSession } from '../../hooks/use-store';
import type { AppStore } from '../../state/app-store';
import type { SessionStore } from '../../state/session-store';
import { DetailPane } from '../detail/detail-pane';
import { TimelineList } from '../timeline/timeline-list';
import { FaultPanel } from './fault-panel';
import { RawComposer } from './raw-composer';

export function RawView({ app, store }: { readonly app: AppStore; readonly store: SessionStore }) {
  const snap = useSession(store);
  const open = snap.info.state === 'open';
  return (
    <div className="emit-view">
      <div className="emit-form">
        <RawComposer app={app} session={store.id} open={open} onSent={() => store.setFollow(true)} />
        <FaultPanel app={app} session={store.id} open={open} />
      </div>
      <div className="emit-tail">
        <div className="pane-title">Live traffic</div>
        <TimelineList store={store} snap={snap} columns="compact" />
        {snap.selected !== null && <DetailPane store={store} index={snap.selected} version={snap.pages} />}
      </div>
    </div>
  );
}
