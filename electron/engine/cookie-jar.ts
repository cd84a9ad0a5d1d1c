// Cookies for one connection, so sticky sessions work: a load balancer (or engine.io's `cookie` option)
// pins the session with Set-Cookie on the handshake, and every later request and the websocket upgrade
// must send it back. One target host per connection, so Domain is not matched; Path, Secure, Max-Age
// and Expires are (RFC 6265 §5.2-5.4, the parts that matter here).

interface Cookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
  readonly secure: boolean;
  /** Date.now() after which the cookie is gone; undefined for a session cookie. */
  readonly expires: number | undefined;
}

export class CookieJar {
  private readonly cookies = new Map<string, Cookie>();

  /** Takes the Set-Cookie headers of a response to `url`. */
  store(setCookie: readonly string[] | string | undefined, url: URL): void {
    if (setCookie === undefined) return;
    for (const line of typeof setCookie === 'string' ? [setCookie] : setCookie) {
      const cookie = parseSetCookie(line, url);
      if (cookie === undefined) continue;
      const key = `${cookie.name}\0${cookie.path}`;
      if (cookie.expires !== undefined && cookie.expires <= Date.now()) this.cookies.delete(key);
      else this.cookies.set(key, cookie);
    }
  }

  /** The Cookie header for a request to `url`, longest paths first (RFC 6265 §5.4), or undefined. */
  header(url: URL): string | undefined {
    const now = Date.now();
    const secure = url.protocol === 'https:' || url.protocol === 'wss:';
    const matching = [...this.cookies.values()]
      .filter((c) => (c.expires === undefined || c.expires > now) && (secure || !c.secure))
      .filter((c) => pathMatches(url.pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length === 0 ? undefined : matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }
}

function parseSetCookie(line: string, url: URL): Cookie | undefined {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  let path = defaultPath(url.pathname);
  let secure = false;
  let expires: number | undefined;
  let maxAgeSeen = false;
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? '' : attribute.slice(at + 1).trim();
    if (key === 'path' && value.startsWith('/')) path = value;
    else if (key === 'secure') secure = true;
    else if (key === 'max-age' && /^-?\d+$/.test(value)) {
      // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
      maxAgeSeen = true;
      expires = Date.now() + Number(value) * 1000;
    } else if (key === 'expires' && !maxAgeSeen) {
      const date = Date.parse(value);
      if (!Number.isNaN(date)) expires = date;
    }
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), path, secure, expires };
}

/** RFC 6265 §5.1.4: the request path up to its last `/`. */
function defaultPath(pathname: string): string {
  const last = pathname.lastIndexOf('/');
  return last <= 0 ? '/' : pathname.slice(0, last);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}
