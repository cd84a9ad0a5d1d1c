// The new-connection tab: connect to a server, or start a recording proxy in front of one.
import { useState } from 'react';
import type { AppStore } from '../../state/app-store';
import { ConnectionForm } from './connection-form';
import { ProxyFormView } from './proxy-form';
import './connect.css';

type Kind = 'connect' | 'proxy';

export function NewConnection({ store }: { readonly store: AppStore }) {
  const [kind, setKind] = useState<Kind>('connect');
  return (
    <div className="new-connection">
      <div className="segmented connect-kind" role="radiogroup" aria-label="Connection kind">
        {(
          [
            ['connect', 'Connect'],
            ['proxy', 'Proxy'],
          ] as const
        ).map(([k, label]) => (
          <button
            type="button"
            key={k}
            role="radio"
            aria-checked={kind === k}
            className={kind === k ? 'active' : ''}
            data-testid={`connect-kind-${k}`}
            onClick={() => setKind(k)}
          >
            {label}
          </button>
        ))}
      </div>
      {kind === 'connect' ? (
        <ConnectionForm store={store} />
      ) : (
        <div className="connect-page">
          <ProxyFormView store={store} />
        </div>
      )}
    </div>
  );
}
