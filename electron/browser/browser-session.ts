// One recording of a browser's Engine.IO traffic, as `browse`, `attach` and the app's Browser
// connections run it: either a browser we start on a page (and close at the end), or one the user
// runs that we attach to (and leave running, detached, at the end).
import type { SessionRecord } from '../../shared/record';
import { BrowserRecorder } from './browser-recorder';
import type { CdpClient } from './cdp-client';
import { connectToEndpoint } from './devtools-endpoint';
import { launchBrowser } from './launch-browser';
import { errorMessage, UserError } from '../../shared/user-error';

export type BrowserTarget =
  | {
      readonly kind: 'launch';
      readonly url: string;
      readonly executable: string;
      readonly headless: boolean;
    }
  | {
      readonly kind: 'attach';
      /** A loopback endpoint, checked by devtoolsEndpoint. */
      readonly endpoint: URL;
      /** Record the tabs whose URL or title contains this (case-insensitive); absent → every tab. */
      readonly tab?: string;
    };

export interface BrowserSession {
  /** Resolves with why, when the browser closed or its DevTools connection dropped by itself. */
  readonly ended: Promise<string>;
  /** Tabs being recorded now. */
  readonly pages: number;
  /** Ends the recording: a launched browser is closed and its profile removed, an attached one left running. */
  stop(): Promise<void>;
}

export async function startBrowserSession(
  target: BrowserTarget,
  onRecords: (batch: readonly SessionRecord[]) => void,
): Promise<BrowserSession> {
  return target.kind === 'launch' ? launch(target, onRecords) : attach(target, onRecords);
}

async function launch(
  target: Extract<BrowserTarget, { kind: 'launch' }>,
  onRecords: (batch: readonly SessionRecord[]) => void,
): Promise<BrowserSession> {
  const browser = await launchBrowser({ executable: target.executable, headless: target.headless });
  let recorder: BrowserRecorder;
  try {
    recorder = await BrowserRecorder.start(browser.client, { onRecords });
    await openPage(browser.client, target.url);
  } catch (error) {
    await browser.close();
    throw error;
  }
  const ended = browser.client.closed.then(async () => {
    await recorder.stop('the browser was closed');
    return 'the browser was closed';
  });
  return {
    ended,
    get pages() {
      return recorder.pages;
    },
    async stop() {
      if (!browser.client.isClosed)
        await recorder.stop('sio-inspector closed the browser at the end of the recording');
      await browser.close();
      await ended;
    },
  };
}

async function attach(
  target: Extract<BrowserTarget, { kind: 'attach' }>,
  onRecords: (batch: readonly SessionRecord[]) => void,
): Promise<BrowserSession> {
  const client = await connectToEndpoint(target.endpoint);
  const needle = target.tab?.toLowerCase();
  const pages =
    needle === undefined
      ? undefined
      : (page: { url: string; title: string }) =>
          page.url.toLowerCase().includes(needle) || page.title.toLowerCase().includes(needle);
  let recorder: BrowserRecorder;
  try {
    recorder = await BrowserRecorder.start(client, { onRecords, ...(pages === undefined ? {} : { pages }) });
  } catch (error) {
    client.close();
    throw new UserError(
      'protocol',
      `${target.endpoint.host} did not let DevTools follow its tabs: ${errorMessage(error)}`,
    );
  }
  const ended = client.closed.then(async (reason) => {
    await recorder.stop();
    return reason;
  });
  return {
    ended,
    get pages() {
      return recorder.pages;
    },
    async stop() {
      // The connections go on in the user's browser: the recording ends, they do not.
      await recorder.stop();
      client.close();
      await ended;
    },
  };
}

/**
 * Opens the page in a new tab that is recorded from its first request (it waits for the recorder to
 * attach), then closes the blank tab the browser started with.
 */
async function openPage(client: CdpClient, url: string): Promise<void> {
  const before = await client.send('Target.getTargets');
  await client.send('Target.createTarget', { url });
  for (const info of before.targetInfos) {
    if (info.type === 'page')
      await client.send('Target.closeTarget', { targetId: info.targetId }).catch(() => undefined);
  }
}
