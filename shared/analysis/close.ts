// Why the connection ended, in one line for the summary's `closeReason`.
import type { SessionRecord } from '../record';
import { isLifecycle } from '../record';
import { side } from './packets';

export interface CloseAnalysis {
  /** null when the records end with the connection still open. */
  readonly reason: string | null;
  readonly t: number | null;
  /** null when the reason comes from a lifecycle record without a frame. */
  readonly frame: number | null;
}

/**
 * First match wins:
 * 1. a `closed` record: the engine that ran the connection knows best, so its reason is taken as is;
 * 2. an Engine.IO close packet (§1.6): who sent it;
 * 3. the first ws-close or transport-error after the last packet: the transport went away under the session.
 */
export function analyzeClose(records: readonly SessionRecord[]): CloseAnalysis {
  let closed: CloseAnalysis | null = null;
  let packet: CloseAnalysis | null = null;
  let transport: CloseAnalysis | null = null;
  for (const r of records) {
    if (!isLifecycle(r)) {
      transport = null;
      if (packet === null && r.eio?.type === 'close') {
        packet = { reason: `${side(r.dir)} sent a close packet`, t: r.t, frame: r.frame };
      }
    } else if (r.event === 'closed') {
      closed ??= { reason: r.reason ?? 'closed', t: r.t, frame: r.frame ?? null };
    } else if (r.event === 'ws-close') {
      const reason = r.reason === undefined || r.reason === '' ? '' : `: ${r.reason}`;
      const code = r.code === undefined ? '' : ` with code ${r.code}`;
      transport ??= { reason: `websocket closed${code}${reason}`, t: r.t, frame: r.frame ?? null };
    } else if (r.event === 'transport-error') {
      transport ??= {
        reason: `transport error: ${r.message ?? 'no message'}`,
        t: r.t,
        frame: r.frame ?? null,
      };
    }
  }
  return closed ?? packet ?? transport ?? { reason: null, t: null, frame: null };
}
