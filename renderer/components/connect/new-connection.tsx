// The new-connection tab: connect to a server, start a recording proxy in front of one, or record a
// browser's page.
import { useDraft } from '../../hooks/use-draft';
import { useApp } from '../../hooks/use-store';
import type { AppStore } from '../../state/app-store';
import { BrowserFormView } from './browser-form';
import { ConnectionForm } from './connection-form';
import { ProxyFormView } from './proxy-form';
import './connect.css';

type Kind = 'connect' | 'proxy' | 'browser';

export function NewConnection({ store }: { readonly store: AppStore }) {
  const [kind, setKind] = useDraft<Kind>(store.drafts, 'new-connection-kind', 'connect');
  const keepSecrets = useApp(store).settings.keepSecrets === true;
  return (
    <div className="new-connection">
      <div className="segmented connect-kind" role="radiogroup" aria-label="Connection kind">
        {(
          [
            ['connect', 'Connect'],
            ['proxy', 'Proxy'],
            ['browser', 'Browser'],
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
      <label
        className="check keep-secrets"
        title="Credentials (auth payload, credential headers and query parameters) are masked in recordings and saved files unless kept; keep them to replay a session as it was"
      >
        <input
          type="checkbox"
          checked={keepSecrets}
          onChange={(e) => store.setKeepSecrets(e.currentTarget.checked)}
          data-testid="keep-secrets"
        />
        Keep secrets in recordings
      </label>
      {kind === 'connect' && <ConnectionForm store={store} />}
      {kind === 'proxy' && (
        <div className="connect-page">
          <ProxyFormView store={store} />
        </div>
      )}
      {kind === 'browser' && (
        <div className="connect-page">
          <BrowserFormView store={store} />
        </div>
      )}
    </div>
  );
}
