// The raw tab: send any frame on the current transport, valid or not, and inject faults into the
// connection (stop the heartbeat, delay pongs, drop the transport) to see how the server reacts.
import { useSession } from '../../hooks/use-store';
import type { AppStore } from '../../state/app-store';
import type { SessionStore } from '../../state/session-store';
import { LiveTail } from '../timeline/live-tail';
import { FaultPanel } from './fault-panel';
import { RawComposer } from './raw-composer';
import '../emit/emit.css';

export function RawView({ app, store }: { readonly app: AppStore; readonly store: SessionStore }) {
  const snap = useSession(store);
  const open = snap.info.state === 'open';
  return (
    <div className="emit-view">
      <div className="emit-form">
        <RawComposer app={app} session={store.id} open={open} onSent={() => store.setFollow(true)} />
        <FaultPanel app={app} session={store.id} open={open} />
      </div>
      <LiveTail store={store} snap={snap} />
    </div>
  );
}
