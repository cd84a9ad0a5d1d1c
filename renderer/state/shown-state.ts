// The state a session's pill and tab dot show: the bridge's state, except that an open connection whose
// namespaces were all refused is not shown as a healthy OPEN: nothing can be sent on it.
import type { SessionInfo } from '../../shared/bridge/api';

export interface ShownState {
  /** The CSS state name: the bridge's state, or `refused`. */
  readonly key: SessionInfo['state'] | 'refused';
  readonly label: string;
  readonly title?: string;
}

const LABEL = {
  connecting: 'connecting',
  open: 'open',
  closed: 'closed',
  loading: 'loading',
  offline: 'file',
} as const;

export function shownState(info: SessionInfo): ShownState {
  const namespaces = info.namespaces ?? [];
  if (info.state === 'open' && namespaces.length > 0 && namespaces.every((n) => n.status === 'refused'))
    return {
      key: 'refused',
      label: 'refused',
      title: `Every namespace was refused: ${namespaces.map((n) => `${n.nsp} (${n.error ?? 'no reason given'})`).join(', ')}`,
    };
  // A big file says how much of it is read.
  if (info.state === 'loading' && info.loaded !== undefined)
    return { key: info.state, label: `${LABEL.loading} ${Math.floor(info.loaded * 100)}%` };
  return { key: info.state, label: LABEL[info.state] };
}
