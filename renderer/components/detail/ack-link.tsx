// In the detail of an EVENT that asked for an ack, or of an ACK: the other half of the pair, with the
// latency, one click away (the analysis pairs them, shared/analysis/acks.ts).
import type { AckPair } from '../../../shared/analysis/acks';
import type { PacketRecord } from '../../../shared/record';
import { useAnalysis } from '../../hooks/use-analysis';
import { formatMs } from '../../state/record-format';
import { ackHint } from '../../../shared/analysis/record-hint';
import type { SessionStore } from '../../state/session-store';

export function AckLink({ store, record }: { readonly store: SessionStore; readonly record: PacketRecord }) {
  const analysis = useAnalysis(store);
  const sio = record.sio;
  if (sio?.id === undefined || analysis.status !== 'ready') return null;
  const isAck = sio.type === 'ACK' || sio.type === 'BINARY_ACK';
  const pairs = analysis.analyses.find((a) => a.summary.conn === record.conn)?.acks.pairs ?? [];
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
      ) : (
        <span className="muted">No ACK {pair.id} yet</span>
      )}
    </div>
  );
}
