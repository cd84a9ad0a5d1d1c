// A frame exactly as typed: text (Engine.IO type digit first) or binary as base64. Nothing is checked,
// on purpose: sending what a broken client would send is the point.
import { PayloadKindToggle, usePayloadComposer, type ComposerProps } from './text-or-binary';
import './raw.css';

const TEMPLATES: readonly { readonly label: string; readonly text: string; readonly title: string }[] = [
  { label: 'ping', text: '2', title: 'Engine.IO ping' },
  { label: 'pong', text: '3', title: 'Engine.IO pong' },
  { label: 'CONNECT /', text: '40', title: 'Socket.IO CONNECT to /' },
  { label: 'EVENT', text: '42["hello","world"]', title: 'Socket.IO EVENT' },
  { label: 'EVENT + ack', text: '421["hello"]', title: 'Socket.IO EVENT asking ack 1' },
  { label: 'DISCONNECT', text: '41', title: 'Socket.IO DISCONNECT' },
  { label: 'close', text: '1', title: 'Engine.IO close' },
  { label: 'bad JSON', text: '42["oops"', title: 'An EVENT with broken JSON' },
  { label: 'bad type', text: '9', title: 'An unknown Engine.IO type' },
];

export function RawComposer({ app, session, open, onSent }: ComposerProps) {
  const { kind, setKind, text, setText, sending, badBase64, send } = usePayloadComposer(
    app,
    `raw:${session}`,
    '42["hello","world"]',
    (payload) => app.api.connections.sendRaw({ session, ...payload }),
    'could not send the frame',
    onSent,
  );

  return (
    <section className="panel-section">
      <h3>Raw frame</h3>
      <div className="form-row">
        <PayloadKindToggle kind={kind} onChange={setKind} label="Frame kind" />
      </div>
      {kind === 'text' && (
        <div className="templates">
          {TEMPLATES.map((t) => (
            <button
              type="button"
              key={t.label}
              className="chip chip-button"
              title={`${t.title}: ${t.text}`}
              onClick={() => setText(t.text)}
            >
              {t.label}
            </button>
          ))}
        </div>
      )}
      <textarea
        className="input mono raw-input"
        value={text}
        rows={5}
        spellCheck={false}
        onChange={(e) => setText(e.currentTarget.value)}
        aria-label="Raw frame"
        data-testid="raw-frame"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && open && !badBase64) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <div className="form-row form-actions">
        {badBase64 && <span className="bad">not valid base64</span>}
        <span className="muted">Sent as one {kind} frame on the current transport, unchecked.</span>
        <span className="spacer" />
        <button
          type="button"
          className="button button-primary"
          disabled={!open || sending || badBase64}
          onClick={() => void send()}
          data-testid="raw-send"
        >
          Send frame
        </button>
      </div>
    </section>
  );
}
