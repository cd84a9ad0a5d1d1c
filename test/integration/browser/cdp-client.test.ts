// The DevTools client against Debian's Chromium: a command still in flight on a session that is
// detached, or on the session of a frame inside it, fails at once with a one-line reason (the browser
// itself never answers it), while the browser's own session goes on answering.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../../../electron/browser/launch-browser';
import type { CdpClient } from '../../../electron/browser/cdp-client';
import { CHROMIUM, chromiumMissing } from '../../e2e/support/browser';

const DETACHED = 'Runtime.evaluate: the target was detached before it answered';

let browser: LaunchedBrowser;
let site: Server;
let port: number;

describe.skipIf(chromiumMissing)('CdpClient with Chromium', () => {
  beforeAll(async () => {
    // A page on 127.0.0.1 framing one on localhost: another site, so its own target and session.
    site = createServer((req, res) =>
      res.end(req.url === '/child' ? 'child' : `<iframe src="http://localhost:${port}/child"></iframe>`),
    );
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    port = (site.address() as AddressInfo).port;
    browser = await launchBrowser({ executable: CHROMIUM, headless: true });
  });
  afterAll(async () => {
    await browser.close();
    site.close();
  });

  it('fails the commands in flight on a session when that session is detached', async () => {
    const { client } = browser;
    const { targetId } = await client.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await client.send('Target.attachToTarget', { targetId, flatten: true });
    const settled = neverAnswered(client, sessionId);
    await client.send('Target.detachFromTarget', { sessionId });
    expect(await settled).toBe(DETACHED);
    expect(await client.send('Browser.getVersion')).toMatchObject({
      product: expect.stringMatching(/Chrom/),
    });
    await client.send('Target.closeTarget', { targetId });
  });

  it("fails those on a frame's session when the page holding it is detached", async () => {
    const { client } = browser;
    const frame = new Promise<string>((resolve) =>
      client.on('Target.attachedToTarget', (event, parent) => {
        if (parent !== undefined && event.targetInfo.type === 'iframe') resolve(event.sessionId);
      }),
    );
    const { targetId } = await client.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await client.send('Target.attachToTarget', { targetId, flatten: true });
    await client.send(
      'Target.setAutoAttach',
      { autoAttach: true, waitForDebuggerOnStart: false, flatten: true },
      sessionId,
    );
    await client.send('Page.navigate', { url: `http://127.0.0.1:${port}/` }, sessionId);
    const settled = neverAnswered(client, await frame);
    await client.send('Target.detachFromTarget', { sessionId });
    expect(await settled).toBe(DETACHED);
    await client.send('Target.closeTarget', { targetId });
  });
});

/** How a command that the target answers only when a promise that never settles does, ends. */
function neverAnswered(client: CdpClient, sessionId: string): Promise<string> {
  return client
    .send('Runtime.evaluate', { expression: 'new Promise(() => {})', awaitPromise: true }, sessionId)
    .then(
      () => 'answered',
      (error: unknown) => (error as Error).message,
    );
}
