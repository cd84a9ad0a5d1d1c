// Screenshots of every main view, for review by eye: Chromium against `sio-inspector serve` and a real
// socket.io 4 server, one live session with an acked emit and a refused namespace, each view at the
// usual 1440×900 and at the smallest window the desktop app allows (1024×700), light and dark. They are
// written to test-results/screenshots/view-<view>-<size>-<scheme>.png (gitignored).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocketIo4Server, type TestServer } from '../support/servers';
import { connect, emit, rowsOfKind, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing, screenshot, SCREENSHOTS } from './support/browser';
import { openServedApp } from './support/served-app';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

/** Each main view and what shows once it has drawn. */
const VIEWS: readonly { readonly view: string; readonly drawn: (page: Page) => Locator }[] = [
  { view: 'timeline', drawn: (page) => page.getByTestId('frame-row').first() },
  { view: 'sequence', drawn: (page) => page.getByTestId('sequence-step').first() },
  { view: 'heartbeat', drawn: (page) => page.getByTestId('heartbeat-chart') },
  { view: 'acks', drawn: (page) => page.getByTestId('ack-row').first() },
  { view: 'findings', drawn: (page) => page.getByTestId('finding').first() },
  { view: 'emit', drawn: (page) => page.locator('[data-testid=emit-args][data-editor=monaco]') },
  { view: 'raw', drawn: (page) => page.getByTestId('raw-frame') },
];

describe.skipIf(chromiumMissing)('screenshots of the main views', { timeout: 300_000 }, () => {
  let server: TestServer;
  let page: Page;
  openServedApp('screenshots', (opened) => (page = opened));

  beforeAll(async () => {
    server = await startSocketIo4Server();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('writes each view at 1440×900 and 1024×700, light and dark', async () => {
    await connect(page, server.url, { namespaces: '/, /admin' });
    await emit(page, 'echo', '["hello", {"n": 1}]');
    await rowsOfKind(page, 'ack').first().waitFor({ timeout: TIMEOUT });
    const written: string[] = [];
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        for (const { view, drawn } of VIEWS) {
          await showView(page, view);
          await drawn(page).waitFor({ timeout: TIMEOUT });
          written.push(await screenshot(page, `view-${view}-${size.width}x${size.height}-${colorScheme}`));
        }
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(written).toHaveLength(SIZES.length * SCHEMES.length * VIEWS.length);
    for (const path of written) {
      expect(path.startsWith(join(SCREENSHOTS, 'view-'))).toBe(true);
      expect(statSync(path).size).toBeGreaterThan(0);
    }
  });
});
