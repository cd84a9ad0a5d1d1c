// One HTTP agent per connection: keep-alive so the long-poll GET and the POSTs reuse their sockets, and
// TLS verification decided per connection (on by default; `insecure` is the opt-out for one target only,
// never a process-wide NODE_TLS_REJECT_UNAUTHORIZED).
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

export type ConnectionAgent = HttpAgent | HttpsAgent;

/**
 * `maxSockets`: a connection needs two, one long-poll GET and one POST at a time (docs/protocol.md §1.2); the
 * default leaves room to spare. The recording proxy shares one agent among all its clients: Infinity.
 */
export function createAgent(secure: boolean, insecure: boolean, maxSockets = 4): ConnectionAgent {
  const common = { keepAlive: true, maxSockets };
  return secure ? new HttpsAgent({ ...common, rejectUnauthorized: !insecure }) : new HttpAgent(common);
}
