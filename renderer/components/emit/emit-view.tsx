// The emit tab: compose an event (namespace, name, args as JSON with `$binary` for binary, ack or not),
// send it, and watch the answer arrive in the live tail beside the editor. Sent emits are kept in a
// history to load back or resend. A plain Engine.IO session (parser none) composes messages instead.
import { useCallback, useRef, useState } from 'react';
import { useDraft } from '../../hooks/use-draft';
import { useLocalStorage } from '../../hooks/use-local-storage';
import { useSession } from '../../hooks/use-store';
import type { AppStore } from '../../state/app-store';
import { BINARY_SNIPPET, eventNameProblem, namespaceProblem, validateArgs } from '../../state/emit-args';
import { parseHistory, remember, type EmitEntry } from '../../state/emit-history';
import type { SessionStore } from '../../state/session-store';
import { CodeEditor } from '../editor/code-editor';
import { LiveTail } from '../timeline/live-tail';
import { EmitHistory } from './emit-history';
import { NamespacePanel } from './namespace-panel';
import { SentAcks } from './sent-acks';
import { AckAnswersPanel } from './ack-answers-panel';
import { MessageComposer } from './message-composer';
import './emit.css';
import { describeError } from '../../state/app-words';

export function EmitView({ app, store }: { readonly app: AppStore; readonly store: SessionStore }) {
  const snap = useSession(store);
  const namespaces = app.options(store.id)?.namespaces ?? ['/'];
  const draft = `emit:${store.id}:`;
  const [nsp, setNsp] = useDraft(app.drafts, `${draft}nsp`, namespaces[0] ?? '/');
  const [event, setEvent] = useDraft(app.drafts, `${draft}event`, '');
  const [args, setArgs] = useDraft(app.drafts, `${draft}args`, '[\n  "hello"\n]');
  const [ack, setAck] = useDraft(app.drafts, `${draft}ack`, true);
  const [sending, setSending] = useState(false);
  const [history, setHistory] = useLocalStorage<EmitEntry[]>('sio-inspector.emit-history', parseHistory);
  const editor = useRef<{ insertSnippet(s: string): void } | null>(null);

  const checked = validateArgs(args);
  const eventProblem = event === '' ? null : eventNameProblem(event);
  const nspProblem = namespaceProblem(nsp);
  const open = snap.info.state === 'open';
  // A plain Engine.IO connection has no namespaces, events or acks: only messages.
  const socketIo = (app.options(store.id)?.parser ?? 'socket.io') !== 'none';
  const canSend =
    open && !sending && checked.ok && event !== '' && eventProblem === null && nspProblem === null;

  const send = useCallback(
    async (entry: EmitEntry) => {
      const parsed = validateArgs(entry.args);
      if (!parsed.ok) return;
      setSending(true);
      try {
        await app.api.connections.emit({
          session: store.id,
          nsp: entry.nsp,
          event: entry.event,
          args: parsed.args,
          ack: entry.ack,
        });
        setHistory(remember(history, entry));
        store.setFollow(true);
      } catch (e) {
        app.notify('error', `could not emit ${entry.event}: ${describeError(e)}`);
      } finally {
        setSending(false);
      }
    },
    [app, store, history, setHistory],
  );

  const submit = (): void => {
    if (canSend) void send({ nsp, event, args, ack });
  };

  if (!socketIo)
    return (
      <div className="emit-view">
        <div className="emit-form">
          <MessageComposer app={app} session={store.id} open={open} onSent={() => store.setFollow(true)} />
        </div>
        <LiveTail store={store} snap={snap} />
      </div>
    );

  return (
    <div className="emit-view">
      <form
        className="emit-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <NamespacePanel app={app} session={store.id} namespaces={snap.info.namespaces ?? []} open={open} />
        <div className="form-row">
          <label className="field-block narrow">
            <span>Namespace</span>
            <input
              className="input mono"
              list="emit-namespaces"
              value={nsp}
              onChange={(e) => setNsp(e.currentTarget.value)}
              spellCheck={false}
              data-testid="emit-nsp"
            />
            <datalist id="emit-namespaces">
              {namespaces.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
            {nspProblem !== null && <small className="bad">{nspProblem}</small>}
          </label>
          <label className="field-block grow">
            <span>Event</span>
            <input
              className="input mono"
              value={event}
              placeholder="chat message"
              onChange={(e) => setEvent(e.currentTarget.value)}
              spellCheck={false}
              data-testid="emit-event"
              autoFocus
            />
            {eventProblem !== null && <small className="bad">{eventProblem}</small>}
          </label>
        </div>
        <div className="field-block">
          <span className="field-head">
            Args <span className="muted">JSON array · binary as {'{"$binary": "<base64>"}'}</span>
            <button
              type="button"
              className="button button-small"
              onClick={() => editor.current?.insertSnippet(BINARY_SNIPPET)}
              data-testid="emit-insert-binary"
            >
              + binary
            </button>
          </span>
          <CodeEditor
            value={args}
            onChange={setArgs}
            testId="emit-args"
            label="Emit args (JSON array)"
            height={190}
            problem={checked.ok ? null : checked.problem}
            onSubmit={submit}
            onReady={(api) => (editor.current = api)}
          />
          <small className={checked.ok ? 'muted' : 'bad'} data-testid="emit-args-status">
            {checked.ok
              ? `${checked.args.length} arg${checked.args.length === 1 ? '' : 's'}${checked.binaries > 0 ? `, ${checked.binaries} binary` : ''}`
              : checked.problem.message}
          </small>
        </div>
        <div className="form-row form-actions">
          <label className="check">
            <input
              type="checkbox"
              checked={ack}
              onChange={(e) => setAck(e.currentTarget.checked)}
              data-testid="emit-ack"
            />
            Ask for an ack
          </label>
          <span className="spacer" />
          {!open && <span className="muted">The connection is {snap.info.state}.</span>}
          <button
            className="button button-primary"
            disabled={!canSend}
            data-testid="emit-send"
            title="Send (Ctrl+Enter)"
          >
            {sending ? 'Sending…' : 'Emit'}
          </button>
        </div>
        <AckAnswersPanel app={app} />
        <SentAcks store={store} snap={snap} />
        <EmitHistory
          history={history}
          onLoad={(e) => {
            setNsp(e.nsp);
            setEvent(e.event);
            setArgs(e.args);
            setAck(e.ack);
          }}
          onResend={(e) => void send(e)}
          canSend={open && !sending}
        />
      </form>
      <LiveTail store={store} snap={snap} />
    </div>
  );
}
