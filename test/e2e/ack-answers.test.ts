// Answering the server, in Chromium against `sio-inspector serve` and a real socket.io 4 server that asks
// with an ack callback (`ask-me` makes it emit `ask` and report what came back): the Emit view's table
// answers an event with the args given, a held request waits in its detail for an answer typed by hand,
// and that ACK is linked to the request in the timeline.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { connect, emit, rows, setFilterField, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('answering the server in the app', { timeout: 120_000 }, () => {
  let page: Page;
  let server: TestServer;
  openServedApp('ack-answers', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    await server?.close();
  });

  const row = (event: string) => page.locator(`[data-testid=ack-answer-row][data-event="${event}"]`);

  async function apply(): Promise<void> {
    await page.getByTestId('ack-answers-apply').click();
    await page.getByTestId('ack-answers-apply').filter({ hasText: 'Applied' }).waitFor({ timeout: TIMEOUT });
  }

  it('answers an event with the args set for it', async () => {
    await connect(page, server.url);
    await showView(page, 'emit');
    await page.getByTestId('ack-answers').locator('summary').click();
    await page.getByTestId('ack-answers-add').click();
    await page.getByTestId('ack-answer-event').fill('ask');
    await row('ask').getByTestId('ack-answer-hold').uncheck();
    await row('ask').getByTestId('ack-answer-reply').fill('["forty-two", {"n": 42}]');
    await apply();
    await emit(page, 'ask-me', '[]');
    await vi.waitFor(() => expect(server.answers).toEqual(['forty-two']), { timeout: TIMEOUT });
  });

  it('holds a request for an answer typed in its detail, and links the ACK to it', async () => {
    await showView(page, 'emit');
    await row('ask').getByTestId('ack-answer-hold').check();
    await apply();
    await emit(page, 'ask-me', '[]');
    await showView(page, 'timeline');
    await setFilterField(page, 'filter-event', 'ask');
    const asks = rows(page, 'what is the answer?');
    await asks.nth(1).waitFor({ timeout: TIMEOUT });
    await asks.nth(1).click();
    const waiting = page.getByTestId('ack-waiting');
    await waiting.waitFor({ timeout: TIMEOUT });
    expect(await waiting.textContent()).toBe('Waiting for your answer');
    // Held: nothing went back to the server.
    expect(server.answers).toEqual(['forty-two']);

    await page.getByTestId('ack-answer-open').click();
    await page.getByTestId('ack-answer-args').fill('["by hand", 2]');
    await page.getByTestId('ack-answer-send').click();
    await vi.waitFor(() => expect(server.answers).toEqual(['forty-two', 'by hand']), { timeout: TIMEOUT });

    const answer = page.getByTestId('ack-link-answer');
    await answer.waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('ack-link').textContent()).toMatch(
      /^Answered by ACK 1 at frame \d+ after .*: \["by hand",2\]$/,
    );
    await answer.click();
    const request = page.getByTestId('ack-link-request');
    await request.waitFor({ timeout: TIMEOUT });
    expect(await request.textContent()).toMatch(/^ask at frame \d+$/);
  });
});
