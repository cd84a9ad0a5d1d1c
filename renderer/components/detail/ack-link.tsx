// In the detail of an EVENT that asked for an ack, or of an ACK: the other half of the pair, with the
// latency, one click away (the analysis pairs them, shared/analysis/acks.ts). A request of the server's
// that a live connection holds for the user waits here for its answer.
import { useState } from 'react';
import type { AckPair } from '../../../shared/analysis/acks';
import type { PacketRecord } from '../../../shared/record';
import { useAnalysis } from '../../hooks/use-analysis';
import { useSession } from '../../hooks/use-store';
import { formatMs } from '../../state/record-format';
import { ackHint } from '../../../shared/analysis/record-hint';
import { shownAnalyses, type SessionStore } from '../../state/session-store';
import { AckAnswer } from '../acks/ack-answer';

export function AckLink({ store, record }: { readonly store: SessionStore; readonly record: PacketRecord }) {
  const analysis = useAnalysis(store);
  const { info } = useSession(store);
  const [answering, setAnswering] = useState(false);
  const sio = record.sio;
  // While a live session's analysis refreshes, the last one stands: an answer being typed stays.
  const analyses = shownAnalyses(analysis);
  if (sio?.id === undefined || analyses === undefined) return null;
  const isAck = sio.type === 'ACK' || sio.type === 'BINARY_ACK';
  const pairs = analyses.find((a) => a.summary.conn === record.conn)?.acks.pairs ?? [];
  const pair: AckPair | undefined = pairs.find((p) =>
    isAck ? p.ackFrame === record.frame && p.id === sio.id : p.frame === record.frame && p.id === sio.id,
  );
  if (pair === undefined) return null;
  const go = (frame: number, answer: boolean): void =>
    void store.selectFrame(frame, record.conn, ackHint(pair.nsp, pair.id, answer));
  return (
    <div className="detail-ack" data-testid="ack-link">
      {isAck ? (
        <>
          Answers{' '}
          <button className="link" onClick={() => go(pair.frame, false)} data-testid="ack-link-request">
            {pair.event === null ? 'the request' : String(pair.event)} at frame {pair.frame}
          </button>{' '}
          after {formatMs(pair.latencyMs)}
        </>
      ) : pair.ackFrame !== null ? (
        <>
          Answered by{' '}
          <button
            className="link"
            onClick={() => go(pair.ackFrame ?? pair.frame, true)}
            data-testid="ack-link-answer"
          >
            ACK {pair.id} at frame {pair.ackFrame}
          </button>{' '}
          after {formatMs(pair.latencyMs)}: <span className="mono">{pair.answer}</span>
        </>
      ) : pair.requestedBy === 'server' && info.kind === 'live' && info.state === 'open' ? (
        <>
          <span className="waiting" data-testid="ack-waiting">
            Waiting for your answer
          </span>{' '}
          <button
            className="button button-small"
            onClick={() => setAnswering(!answering)}
            aria-expanded={answering}
            data-testid="ack-answer-open"
          >
            Answer…
          </button>
          {answering && <AckAnswer store={store} pair={pair} onDone={() => setAnswering(false)} />}
        </>
      ) : (
        <span className="muted">No ACK {pair.id} yet</span>
      )}
    </div>
  );
}
