// A browser recorded over DevTools as a session of the app (`connections.browser`): its records go to
// the session as a live connection's do, and, like a proxy session, it can only be stopped, not sent on.
import type { BrowserOptions } from '../../shared/bridge/api';
import type { BrowserOrigin } from '../../shared/session/session-origin';
import { UserError } from '../../shared/user-error';
import { startBrowserSession, type BrowserTarget } from '../browser/browser-session';
import { devtoolsEndpoint } from '../browser/devtools-endpoint';
import { findBrowser } from '../browser/find-browser';
import { RecordOnlyControl } from './record-only-control';
import type { LiveControl, Session } from './session';

/** What the session is about, and its file header, before it starts; a UserError when it cannot start. */
export function browserTarget(options: BrowserOptions): {
  readonly target: BrowserTarget;
  readonly title: string;
  readonly origin: BrowserOrigin;
} {
  if (options.mode === 'attach') {
    const endpoint = devtoolsEndpoint(options.cdp);
    if ('error' in endpoint) throw new UserError('usage', endpoint.error);
    const tab = options.tab;
    return {
      target: { kind: 'attach', endpoint: endpoint.origin, ...(tab === undefined ? {} : { tab }) },
      title: `browser ${endpoint.origin.host}${tab === undefined ? '' : ` (${tab})`}`,
      origin: {
        kind: 'browser',
        mode: 'attach',
        cdp: endpoint.origin.href,
        ...(tab === undefined ? {} : { tab }),
      },
    };
  }
  // The page never names a program to run: the browser is the one installed on this machine.
  const executable = findBrowser();
  if (executable === undefined)
    throw new UserError('not-found', 'no Chromium, Chrome or Edge found on this machine', {
      hint: 'install one to record a page in a browser',
    });
  const headless = options.headless === true;
  return {
    target: { kind: 'launch', url: options.url, executable, headless },
    title: `browser ${options.url}`,
    origin: { kind: 'browser', mode: 'launch', browser: executable, headless },
  };
}

/** Starts recording for `session`; rejects with a UserError saying why it cannot. */
export async function startBrowserRecording(target: BrowserTarget, session: Session): Promise<LiveControl> {
  const browser = await startBrowserSession(target, (batch) => session.append(batch, true));
  session.browser = {
    mode: target.kind,
    target: target.kind === 'launch' ? target.url : target.endpoint.href,
  };
  session.setState('open');
  let stopping = false;
  void browser.ended.then((why) => {
    if (!stopping) session.setState('closed', why);
  });
  return new RecordOnlyControl(async () => {
    stopping = true;
    await browser.stop();
    session.setState('closed', 'recording stopped');
  }, "a browser session records the page's own connections; it cannot send");
}
