// Who may talk to the web host (docs/architecture.md, "Security"): it listens on 127.0.0.1 only, and still every
// request must name us in its Host header (a DNS-rebinding page reaches 127.0.0.1 under its own
// name), carry the token (the page and the bridge socket: in their URLs), and the socket must come from
// our own page (Origin). Assets may instead carry a cookie, but its value is an asset key, never the
// token: browsers send 127.0.0.1's cookies to every port on it, so any local listener the browser
// visits receives the cookie, and with it may fetch the renderer's public build and nothing else.
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
  /** The asset key from our cookie equals ours: enough for the page's assets, nothing more. */
  assetCookie(request: IncomingMessage): boolean;
  /** Set on the page load that carried the token, so the page's assets load without it in their URLs. */
  setCookie(): string;
}

export function createGuard(port: number, token: string = newToken()): Guard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  const cookieName = `sio-inspector-${port}`;
  const assetKey = newToken();
  const matcher = (secret: string): ((candidate: string | undefined) => boolean) => {
    const expected = Buffer.from(secret);
    return (candidate) => {
      if (candidate === undefined) return false;
      const given = Buffer.from(candidate);
      // Constant time, so the token cannot be found a character at a time from response timings.
      return given.length === expected.length && timingSafeEqual(given, expected);
    };
  };
  const matches = matcher(token);
  const matchesAssetKey = matcher(assetKey);
  return {
    token,
    cookieName,
    hostAllowed: (request) => hosts.has((request.headers.host ?? '').toLowerCase()),
    originAllowed: (request) => origins.has((request.headers.origin ?? '').toLowerCase()),
    queryToken: (url) => matches(url.searchParams.get('token') ?? undefined),
    assetCookie: (request) => matchesAssetKey(readCookie(request.headers.cookie, cookieName)),
    setCookie: () => `${cookieName}=${assetKey}; HttpOnly; SameSite=Strict; Path=/`,
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
