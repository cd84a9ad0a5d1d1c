// CORS on long-polling: a browser page reads a polling response only when its Access-Control-Allow-Origin
// is `*` or the page's own Origin, so a server that answers another origin, or none, works for every
// client but a browser on that page. WebSockets are not subject to CORS (the server checks Origin
// itself, if at all), and a request that sent no Origin shows nothing either way.
import { isLifecycle, type LifecycleRecord, type SessionRecord } from '../record';
import { finding, type Finding } from './findings';

/** Fed a connection's records one at a time; keeps only the first answer a browser could not read. */
export class CorsChecker {
  private blocked: LifecycleRecord | null = null;

  push(record: SessionRecord): void {
    if (this.blocked !== null || !isLifecycle(record)) return;
    if (record.event !== 'http-request' || record.transport !== 'polling') return;
    const { origin, allowOrigin, status } = record;
    if (origin === undefined || status === undefined || status < 200 || status >= 300) return;
    if (allowOrigin !== '*' && allowOrigin !== origin) this.blocked = record;
  }

  /** One finding at most, shown at the handshake. */
  finish(handshakeFrame: number | null): Finding[] {
    const record = this.blocked;
    if (record === null) return [];
    const { origin = '', allowOrigin, method = 'request' } = record;
    const answered =
      allowOrigin === undefined
        ? 'no Access-Control-Allow-Origin'
        : `Access-Control-Allow-Origin ${allowOrigin}`;
    return [
      finding(
        'CORS_ORIGIN_BLOCKED',
        handshakeFrame,
        `a browser page at ${origin} would be blocked: its answer to a polling ${method} had ${answered}`,
      ),
    ];
  }
}

/** The CORS finding of a connection's records, at the handshake's frame. */
export function checkCors(records: readonly SessionRecord[], handshakeFrame: number | null): Finding[] {
  const checker = new CorsChecker();
  for (const record of records) checker.push(record);
  return checker.finish(handshakeFrame);
}
