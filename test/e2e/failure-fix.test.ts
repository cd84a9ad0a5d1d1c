// A live connection that fails says why in the form's words, never the CLI's flags, and offers the fix
// the failure names as a button: Engine.IO forced to v4 against a real socket.io 2 server fails with
// "set Engine.IO to v3", and the button connects again with v3, in a new tab that opens.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo2Server, type TestServer } from '../support/servers';
import { TIMEOUT } from './support/app-page';
import { chromiumMissing } from './support/browser';
import { openServedApp } from './support/served-app';

describe.skipIf(chromiumMissing)('a failed connection in the app', { timeout: 120_000 }, () => {
  let server: TestServer;
  let page: Page;
  openServedApp('failure-fix', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo2Server();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('says the cause with field names and applies the fix on retry', async () => {
    await page.getByTestId('new-connection').click();
    await page.getByTestId('connect-url').fill(server.url);
    await page.locator('[data-testid=connect-eio] [data-value="4"]').click();
    await page.locator('[data-testid=connect-transports] [data-value=polling]').click();
    await page.getByTestId('connect').click();
    await page
      .getByTestId('session-state')
      .filter({ hasText: /closed/i })
      .waitFor({ timeout: TIMEOUT });
    const reason = (await page.getByTestId('session-reason').textContent()) ?? '';
    expect(reason).toBe(
      'the server speaks Engine.IO 3, not 4: its first answer is framed as Engine.IO 3 (set Engine.IO to v3)',
    );
    expect(reason).not.toContain('--');

    const fix = page.getByTestId('apply-fix');
    expect(await fix.textContent()).toBe('Set Engine.IO to v3 and retry');
    await fix.click();
    await page.getByTestId('session-state').filter({ hasText: /open/i }).waitFor({ timeout: TIMEOUT });
    // The retry is its own tab, and it is a v3 connection: socket.io 2's welcome arrived.
    await page.getByTestId('frame-row').filter({ hasText: 'welcome' }).first().waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('apply-fix').count()).toBe(0);
  });
});
