// The app's recording proxy to an https target with a self-signed certificate, in Chromium: left
// verified, a client through it is refused and the session's timeline says why; with the form's TLS
// checkbox ticked, that proxy gets the client through and its traffic shows up as rows.
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  requireOrSkip,
  selfSignedCertificate,
  startTlsServer,
  type PlainServer,
} from '../support/engine-support';
import { rows, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

const tls = selfSignedCertificate();
const runs = !chromiumMissing && requireOrSkip('skip' in tls ? tls.skip : undefined);

describe.runIf(runs)('recording proxy to an https target from the app', { timeout: 120_000 }, () => {
  let server: PlainServer;
  let page: Page;
  const clients: Socket[] = [];
  openServedApp('proxy-tls', (opened) => (page = opened));

  beforeAll(async () => {
    if ('skip' in tls) return;
    server = await startTlsServer(tls);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.close();
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
