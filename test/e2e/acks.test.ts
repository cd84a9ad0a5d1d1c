// Acks where the emit is, in Chromium against `sio-inspector serve` and a real socket.io 4 server: the
// Emit tab lists each emit that asked for an ack with the server's reply and latency, or "waiting" and
// then "no ack after N s" for an event the server never answers; an ACK's detail links to its request
// and back; the Acks view shows the arguments both ways.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { connect, emit, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('acks in the app', { timeout: 120_000 }, () => {
  let page: Page;
  let server: TestServer;
  openServedApp('acks', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    await server?.close();
  });

  const sent = (event: string) => page.getByTestId('sent-ack').filter({ hasText: event });

  it('shows the reply and its latency beside the emit, and "no ack after N s" for one never answered', async () => {
    await connect(page, server.url);
    await emit(page, 'echo', '["hi", {"n": 1}]');
    const echoed = sent('echo').locator('[data-testid=sent-ack-state][data-state=answered]');
    await echoed.waitFor({ timeout: TIMEOUT });
    expect(await echoed.textContent()).toMatch(/^\["hi",\{"n":1\}\] [\d.]+ ms$/);

    await emit(page, 'nobody-answers', '[1]');
    await sent('nobody-answers')
      .locator('[data-testid=sent-ack-state][data-state=waiting]')
      .waitFor({ timeout: TIMEOUT });
    const missing = sent('nobody-answers').locator('[data-testid=sent-ack-state][data-state=missing]');
    await missing.waitFor({ timeout: TIMEOUT });
    expect(await missing.textContent()).toMatch(/^no ack after [5-9] s$/);
  });

  it("links an ACK's detail to its request and back", async () => {
    await sent('echo').locator('button').first().click();
    const toAnswer = page.getByTestId('ack-link-answer');
    await toAnswer.waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('ack-link').textContent()).toMatch(/^Answered by ACK 0 at frame \d+ after/);
    await toAnswer.click();
    const toRequest = page.getByTestId('ack-link-request');
    await toRequest.waitFor({ timeout: TIMEOUT });
    expect(await toRequest.textContent()).toMatch(/^echo at frame \d+$/);
    await toRequest.click();
    await page.getByTestId('ack-link-answer').waitFor({ timeout: TIMEOUT });
  });

  it('shows the arguments of the request and of the answer in the Acks view', async () => {
    await showView(page, 'acks');
    const row = page.getByTestId('ack-row').filter({ hasText: 'echo' });
    await row.waitFor({ timeout: TIMEOUT });
    expect(await row.getByTestId('ack-args').textContent()).toBe('["hi",{"n":1}]');
    expect(await row.getByTestId('ack-answer').textContent()).toBe('["hi",{"n":1}] ');
  });
});
