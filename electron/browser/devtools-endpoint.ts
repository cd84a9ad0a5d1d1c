// The DevTools endpoint of a browser the user started with --remote-debugging-port. Only loopback
// endpoints are accepted: DevTools gives whoever reaches it full control of the browser, so a remote
// one would mean a debugging port open to the network.
import { get } from 'node:http';
import { webSocketChannel } from './cdp-channels';
import { CdpClient } from './cdp-client';
import { UserError } from '../../shared/user-error';
import { MAX_DEVTOOLS_VERSION_BYTES } from '../../shared/limits';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const VERSION_TIMEOUT_MS = 5_000;

/** The endpoint's origin, or why it is not accepted, in one line. */
export function devtoolsEndpoint(text: string): { readonly origin: URL } | { readonly error: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: `"${text}" is not a URL (try http://127.0.0.1:9222)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'ws:')
    return { error: `the DevTools endpoint is http://127.0.0.1:PORT (got ${url.protocol}//)` };
  if (!LOOPBACK_HOSTS.has(url.hostname) && !/^127\.\d+\.\d+\.\d+$/.test(url.hostname))
    return {
      error: `only a loopback DevTools endpoint is accepted (http://127.0.0.1:PORT), not ${url.host}`,
    };
  if (url.port === '') return { error: `the DevTools endpoint needs its port (http://127.0.0.1:PORT)` };
  return { origin: url };
}

/** Connects to the browser-level DevTools session behind a loopback endpoint. */
export async function connectToEndpoint(origin: URL): Promise<CdpClient> {
  const wsUrl =
    origin.protocol === 'ws:' && origin.pathname.startsWith('/devtools/')
      ? origin.href
      : await browserSocketUrl(origin);
  const target = new URL(wsUrl);
  // The browser names its own socket; it must be the loopback endpoint we were given, nowhere else.
  if (target.protocol !== 'ws:' || target.host !== origin.host)
    throw new UserError(
      'protocol',
      `${origin.host} named a DevTools socket elsewhere (${target.host}); not connecting`,
    );
  try {
    return new CdpClient(await webSocketChannel(wsUrl));
  } catch (error) {
    throw new UserError(
      'network',
      `cannot open the DevTools socket of ${origin.host}: ${(error as Error).message}`,
    );
  }
}

async function browserSocketUrl(origin: URL): Promise<string> {
  const versionUrl = `http://${origin.host}/json/version`;
  let body: unknown;
  try {
    body = JSON.parse(await getText(versionUrl));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ECONNREFUSED'
        ? 'connection refused (is the browser running with --remote-debugging-port?)'
        : (error as Error).message;
    throw new UserError('network', `no DevTools at ${origin.host}: ${why}`);
  }
  const url = (body as { webSocketDebuggerUrl?: unknown } | null)?.webSocketDebuggerUrl;
  if (typeof url !== 'string')
    throw new UserError('protocol', `${versionUrl} did not name a webSocketDebuggerUrl`);
  return url;
}

/** A small JSON answer: bounded in time and size, whatever the peer does. */
function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: VERSION_TIMEOUT_MS }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return reject(new Error(`HTTP ${response.statusCode ?? '?'}`));
      }
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        if (text.length > MAX_DEVTOOLS_VERSION_BYTES) request.destroy(new Error('the answer is too large'));
      });
      response.on('end', () => resolve(text));
      response.on('error', reject);
    });
    request.on('timeout', () =>
      request.destroy(new Error(`no answer within ${VERSION_TIMEOUT_MS / 1000} s`)),
    );
    request.on('error', reject);
  });
}
