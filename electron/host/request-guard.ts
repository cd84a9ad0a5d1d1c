// Who may talk to the web host (DESIGN.md, "Security"): it listens on 127.0.0.1 only, and still every
// request must name us in its Host header (a DNS-rebinding page reaches 127.0.0.1 under its own
// name), carry the token (pages and assets: in the URL or the cookie the token-bearing page load
// sets; the bridge socket: in its URL), and the socket must come from our own page (Origin).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Guard {
  readonly token: string;
  /** `sio-inspector-<port>`: cookies are per host, not per port, so the name keeps instances apart. */
  readonly cookieName: string;
  /** The Host header names this server (127.0.0.1 or localhost, our port). */
  hostAllowed(request: IncomingMessage): boolean;
  /** The Origin header is this server's own origin (a browser always sends one on a WebSocket). */
  originAllowed(request: IncomingMessage): boolean;
  /** The token from `?token=` equals ours. */
  queryToken(url: URL): boolean;
  cookieToken(request: IncomingMessage): boolean;
  /** Set on the page load that carried the token, so the page's assets load without it in their URLs. */
  setCookie(): string;
}

export function createGuard(port: number, token: string = newToken()): Guard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  const cookieName = `sio-inspector-${port}`;
  const expected = Buffer.from(token);
  const matches = (candidate: string | undefined): boolean => {
    if (candidate === undefined) return false;
    const given = Buffer.from(candidate);
    // Constant time, so the token cannot be found a character at a time from response timings.
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    token,
    cookieName,
    hostAllowed: (request) => hosts.has((request.headers.host ?? '').toLowerCase()),
    originAllowed: (request) => origins.has((request.headers.origin ?? '').toLowerCase()),
    queryToken: (url) => matches(url.searchParams.get('token') ?? undefined),
    cookieToken: (request) => matches(readCookie(request.headers.cookie, cookieName)),
    setCookie: () => `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
  };
}

/** 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
