// The handshake's headers as the records keep them: `Name: value` lines in the order they went on the
// wire, repeated names repeated (Set-Cookie). Node's HTTP parser bounds what a server can send
// (--max-http-header-size, 16 KiB by default), so the lines are bounded too.
import type { ClientRequest, IncomingMessage } from 'node:http';

/** What the request sent: the headers Node and `ws` set (Host, Sec-WebSocket-Key…) and the user's. */
export function requestHeaderLines(req: ClientRequest): string[] {
  const lines: string[] = [];
  for (const name of req.getRawHeaderNames()) {
    const value = req.getHeader(name);
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${String(item)}`);
  }
  return lines;
}

/** What the server answered, as it wrote the names. */
export function responseHeaderLines(res: IncomingMessage): string[] {
  const lines: string[] = [];
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) lines.push(`${raw[i]}: ${raw[i + 1]}`);
  return lines;
}
