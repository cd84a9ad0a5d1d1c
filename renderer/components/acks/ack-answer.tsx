// Answers by hand an ack the server asked for: the args as a JSON array, sent as the ACK (or BINARY_ACK)
// with the request's id. Shown where the request is: the Acks view and the request's detail.
import { useState } from 'react';
import type { AckPair } from '../../../shared/analysis/acks';
import { describeError } from '../../state/app-words';
import { validateArgs } from '../../state/emit-args';
import type { SessionStore } from '../../state/session-store';

export function AckAnswer({
  store,
  pair,
  onDone,
}: {
  readonly store: SessionStore;
  readonly pair: Pick<AckPair, 'nsp' | 'id'>;
  readonly onDone: () => void;
}) {
  const [text, setText] = useState('["ok"]');
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const check = validateArgs(text);
  return (
    <form
      className="inline-form"
      data-testid="ack-answer-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!check.ok) return;
        setSending(true);
        store
          .answerAck(pair.nsp, pair.id, check.args)
          .then(onDone)
          .catch((err: unknown) => setFailure(`could not send the ack: ${describeError(err)}`))
          .finally(() => setSending(false));
      }}
    >
      <input
        className="input mono grow"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        aria-label="Ack args (JSON array)"
        spellCheck={false}
        autoFocus
        data-testid="ack-answer-args"
      />
      <button className="button button-primary" disabled={!check.ok || sending} data-testid="ack-answer-send">
        Send ACK {pair.id}
      </button>
      {!check.ok && <span className="bad">{check.problem.message}</span>}
      {failure !== null && (
        <span className="bad" role="alert">
          {failure}
        </span>
      )}
    </form>
  );
}
