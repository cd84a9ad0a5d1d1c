// The app's recording proxy to an https target with a self-signed certificate, in Chromium: left
// verified, a client through it is refused and the session's timeline says why; with the form's TLS
// checkbox ticked, that proxy gets the client through and its traffic shows up as rows.
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  requireOrSkip,
  selfSignedCertificate,
  startTlsServer,
  type PlainServer,
} from '../integration/engine/engine-support';
import { rows, TIMEOUT } from './support/app-page';
import { chromiumMissing, launchChromium, screenshot } from './support/browser';
import { startServe, type Served } from './support/serve';

const tls = selfSignedCertificate();
const runs = !chromiumMissing && requireOrSkip('skip' in tls ? tls.skip : undefined);

describe.runIf(runs)('recording proxy to an https target from the app', { timeout: 120_000 }, () => {
  let browser: Browser;
  let served: Served;
  let server: PlainServer;
  let page: Page;
  const clients: Socket[] = [];

  beforeAll(async () => {
    if ('skip' in tls) return;
    [served, server] = await Promise.all([startServe(), startTlsServer(tls)]);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(served.url);
  }, 180_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await browser?.close();
    await served?.stop();
    await server?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(page, `FAILED-proxy-tls-${context.task.name}`).catch(() => undefined);
  });

  /** Starts a proxy from the form and connects a client to it; resolves with how the client fared. */
  async function proxyAndConnect(insecure: boolean): Promise<'connected' | Error> {
    await page.getByTestId('new-connection').click();
    await page.getByTestId('connect-kind-proxy').click();
    await page.getByTestId('proxy-target').fill(server.url);
    await page.getByTestId('proxy-insecure').setChecked(insecure);
    await page.getByTestId('proxy-start').click();
    const listen = page.getByTestId('proxy-listen');
    await listen.waitFor({ timeout: TIMEOUT });
    const client = io((await listen.textContent()) ?? '', { transports: ['polling'], reconnection: false });
    clients.push(client);
    return new Promise((resolve) => {
      client.once('connect', () => resolve('connected'));
      client.once('connect_error', resolve);
    });
  }

  it('verifies the certificate by default: the client is refused and the timeline says why', async () => {
    expect(await proxyAndConnect(false)).toBeInstanceOf(Error);
    await rows(page, /the certificate is self-signed/)
      .first()
      .waitFor({ timeout: TIMEOUT });
  });

  it('with the checkbox ticked, the client gets through and its traffic shows', async () => {
    expect(await proxyAndConnect(true)).toBe('connected');
    clients.at(-1)?.emit('through-tls', { n: 1 });
    await rows(page, /through-tls/)
      .first()
      .waitFor({ timeout: TIMEOUT });
    expect(await rows(page, /self-signed/).count()).toBe(0);
  });
});
