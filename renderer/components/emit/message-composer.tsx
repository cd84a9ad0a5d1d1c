// The emit tab of a plain Engine.IO session (parser none): there are no events, only Engine.IO messages,
// so it composes one message, text or binary given as base64, and the engine frames it for the transport.
import { PayloadKindToggle, usePayloadComposer, type ComposerProps } from '../raw/text-or-binary';
import '../raw/raw.css';

export function MessageComposer({ app, session, open, onSent }: ComposerProps) {
  const { kind, setKind, text, setText, sending, badBase64, send } = usePayloadComposer(
    app,
    `message:${session}`,
    '',
    (payload) => app.api.connections.send({ session, ...payload }),
    'could not send the message',
    onSent,
  );
  const canSend = open && !sending && !badBase64;

  return (
    <section className="panel-section">
      <h3>Engine.IO message</h3>
      <div className="form-row">
        <PayloadKindToggle kind={kind} onChange={setKind} label="Message kind" testId="message-kind" />
      </div>
      <textarea
        className="input mono raw-input"
        value={text}
        rows={6}
        spellCheck={false}
        placeholder={kind === 'text' ? 'hello' : 'AQID'}
        onChange={(e) => setText(e.currentTarget.value)}
        aria-label="Message"
        data-testid="message-text"
        autoFocus
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canSend) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <div className="form-row form-actions">
        {badBase64 && <span className="bad">not valid base64</span>}
        <span className="muted">
          Sent as one Engine.IO message; plain Engine.IO has no namespaces, events or acks.
        </span>
        <span className="spacer" />
        {!open && <span className="muted">The connection is not open.</span>}
        <button
          type="button"
          className="button button-primary"
          disabled={!canSend}
          onClick={() => void send()}
          data-testid="message-send"
          title="Send (Ctrl+Enter)"
        >
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </section>
  );
}
