// Plain Engine.IO from the app, in Chromium against `sio-inspector serve` and a real engine.io 6 server
// (no Socket.IO layer) that keeps every message it receives: a connection made with parser none turns
// the Emit view into a message composer, and a text and a binary message sent from it reach the server
// exactly, and show in the timeline as the engine recorded them.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEngineIo6Server, type DeploymentServer } from '../support/deployment-servers';
import { rows, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)(
  'the message composer of a plain Engine.IO session',
  { timeout: 120_000 },
  () => {
    let page: Page;
    let server: DeploymentServer;
    openServedApp('message-composer', (opened) => (page = opened));

    beforeAll(async () => {
      server = await startEngineIo6Server();
    });

    afterAll(async () => {
      await server?.close();
    });

    async function send(kind: 'text' | 'binary', message: string): Promise<void> {
      await page.getByTestId(`message-kind-${kind}`).click();
      await page.getByTestId('message-text').fill(message);
      await page.getByTestId('message-send').click();
    }

    it('sends a text and a binary message that the server receives exactly', async () => {
      await page.getByTestId('new-connection').click();
      await page.getByTestId('connect-kind-connect').click();
      await page.getByTestId('connect-url').fill(server.url);
      await page.locator('[data-testid=connect-parser] [data-value=none]').click();
      await page.getByTestId('connect-path').fill('/engine.io/');
      await page.getByTestId('connect').click();
      await page.getByTestId('session-state').filter({ hasText: /open/i }).waitFor({ timeout: TIMEOUT });

      await showView(page, 'emit');
      await page.getByTestId('message-text').waitFor({ timeout: TIMEOUT });
      // No event editor: plain Engine.IO has no events, namespaces or acks.
      expect(await page.getByTestId('emit-event').count()).toBe(0);
      expect(await page.getByTestId('emit-args').count()).toBe(0);

      await send('text', 'hello from the composer');
      await vi.waitFor(() => expect(server.received).toEqual(['hello from the composer']), {
        timeout: TIMEOUT,
      });

      // Not base64: refused in the form, nothing sent.
      await page.getByTestId('message-kind-binary').click();
      await page.getByTestId('message-text').fill('not base64!');
      expect(await page.getByTestId('message-send').isDisabled()).toBe(true);

      await send('binary', 'AQID/w==');
      await vi.waitFor(
        () => expect(server.received).toEqual(['hello from the composer', new Uint8Array([1, 2, 3, 255])]),
        { timeout: TIMEOUT },
      );

      // The server echoes each message: both directions of both messages are in the timeline.
      await showView(page, 'timeline');
      await vi.waitFor(async () => expect(await rows(page, 'hello from the composer').count()).toBe(2), {
        timeout: TIMEOUT,
      });
    });
  },
);
