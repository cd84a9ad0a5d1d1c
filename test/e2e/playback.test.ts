// Offline playback end to end: Chromium against `sio-inspector serve`, the recorded socket.io 4 upgrade
// session opened from the page. Scrubbing and stepping move the playhead; the timeline, the sequence
// diagram with its facts, the heartbeat figures, the acks and the findings with their tab badge show only
// what happened up to it, the playhead's time reads as the timeline's, and playing at 10x runs to the
// end, where every view is the whole session's again.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSessionFile, rows, showView, TIMEOUT } from './support/app-page';
import { chromiumMissing, screenshot } from './support/browser';
import { ROOT } from './support/renderer-build';
import { openServedApp } from './support/served-app';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'sessions', 'socketio4-upgrade.ndjson');
/** Records, not lines: one polling payload holds two packets. */
const RECORDS = 28;

describe.skipIf(chromiumMissing)('offline playback of a saved session', { timeout: 120_000 }, () => {
  let page: Page;
  openServedApp('playback', (opened) => (page = opened));

  const rowCount = (): Promise<string | null> => page.getByTestId('row-count').textContent();
  const fact = (name: string): Promise<string | null> =>
    page.getByTestId(`fact-${name}`).locator('dd').textContent();
  const at = async (count: number): Promise<void> => {
    await page
      .getByTestId('playback-time')
      .filter({ hasText: new RegExp(`· ${count} of ${RECORDS}$`) })
      .waitFor({ timeout: TIMEOUT });
  };
  const step = async (times: number): Promise<void> => {
    for (let i = 0; i < times; i++) await page.getByTestId('playback-step').click();
  };
  /** The findings badge and the acks figures, as the page shows them. */
  const findingsAndAcks = async (): Promise<Record<string, string | null>> => {
    await showView(page, 'acks');
    await page.getByTestId('ack-facts').waitFor({ timeout: TIMEOUT });
    const badge = page.getByTestId('findings-badge');
    return {
      badge: (await badge.count()) === 0 ? null : await badge.textContent(),
      client: await fact('client-asked'),
      server: await fact('server-asked'),
      unanswered: await fact('unanswered'),
      rows: (await page.getByTestId('ack-row').allTextContents()).join(' | '),
    };
  };
  /** What the whole session shows before playback starts. */
  let whole: Record<string, string | null> = {};
  /** Sequence steps shown with the playhead in the middle of the session. */
  let middle = 0;
  const steps = (): Promise<number> => page.getByTestId('sequence-step').count();

  it('shows every record until playback starts', async () => {
    await openSessionFile(page, FIXTURE);
    await page.getByTestId('session-state').filter({ hasText: /file/i }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('playback').waitFor();
    await page
      .getByTestId('row-count')
      .filter({ hasText: String(RECORDS) })
      .waitFor({ timeout: TIMEOUT });
    expect(await page.getByTestId('playback-time').textContent()).toContain('all records');
    whole = await findingsAndAcks();
    // The /admin refusal; both acks answered.
    expect(whole).toMatchObject({
      badge: '1',
      client: '1/1 answered',
      server: '1/1 answered',
      unanswered: '0',
    });
    await showView(page, 'timeline');
  });

  it('steps one record at a time, the timeline following', async () => {
    await page.getByTestId('playback-step').click();
    await page.getByTestId('row-count').filter({ hasText: /^1$/ }).waitFor({ timeout: TIMEOUT });
    await expect.poll(() => rows(page).count()).toBe(1);
    await page.getByTestId('playback-step').click();
    await page.getByTestId('playback-step').click();
    await page.getByTestId('row-count').filter({ hasText: /^3$/ }).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('playback-back').click();
    await page.getByTestId('row-count').filter({ hasText: /^2$/ }).waitFor({ timeout: TIMEOUT });
    await expect.poll(() => rows(page).count()).toBe(2);
  });

  it('scrubs to the middle: the sequence diagram shows only the steps so far', async () => {
    await showView(page, 'sequence');
    await page.getByTestId('sequence-step').first().waitFor({ timeout: TIMEOUT });
    const early = await steps();
    await page.getByTestId('playback-scrubber').focus();
    await page.keyboard.press('Home');
    await expect.poll(steps).toBeLessThanOrEqual(1);
    const box = await page.getByTestId('playback-scrubber').boundingBox();
    if (box === null) throw new Error('no scrubber on screen');
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await expect.poll(steps).toBeGreaterThan(0);
    middle = await steps();
    expect(middle).toBeGreaterThanOrEqual(early);
    await screenshot(page, 'chromium-playback-sequence');
  });

  it('mid-session, the facts and heartbeat figures say only what has happened, on the timeline clock', async () => {
    // From the first record, six steps: the server's first heartbeat ping over polling (0.762 s), after
    // the 2probe / 3probe and before the client's upgrade packet and pong (0.801 s).
    await page.getByTestId('playback-scrubber').focus();
    await page.keyboard.press('Home');
    await at(1);
    await step(6);
    await at(7);
    await page.getByTestId('connection-facts').waitFor({ timeout: TIMEOUT });
    expect(await fact('upgrade')).toBe('under way after 3probe');
    expect(await fact('transport')).toBe('polling');
    expect(await fact('namespaces')).toContain('/ ✓');
    expect(await fact('namespaces')).not.toContain('/admin');

    await showView(page, 'heartbeat');
    await page.getByTestId('heartbeat-facts').waitFor({ timeout: TIMEOUT });
    expect(await fact('pings')).toBe('1 from the server');
    expect(await fact('pong-latency')).toBe('— median · max —');
    expect(await fact('missed-pongs')).toBe('0');

    // The scrubber's time is the time the timeline shows for the playhead's record.
    await showView(page, 'timeline');
    await expect.poll(() => rows(page).count()).toBe(7);
    const clock = await page.getByTestId('playback-clock').textContent();
    expect(clock).toBe('0.762 s');
    expect(await rows(page).last().locator('.cell-time').textContent()).toBe(clock);
    expect(await page.getByTestId('playback-scrubber').getAttribute('aria-valuetext')).toBe(clock);

    // Two records on: the upgrade packet and the pong to that ping.
    await page.getByTestId('playback-step').click();
    await page.getByTestId('playback-step').click();
    await at(9);
    await showView(page, 'heartbeat');
    await page
      .getByTestId('fact-pings')
      .filter({ hasText: /1 from/ })
      .waitFor({ timeout: TIMEOUT });
    expect(await fact('pong-latency')).toBe('39 ms median · max 39 ms');
    await showView(page, 'sequence');
    await page
      .getByTestId('fact-upgrade')
      .filter({ hasText: /completed/ })
      .waitFor({ timeout: TIMEOUT });
    expect(await fact('transport')).toBe('websocket');
    await screenshot(page, 'chromium-playback-facts');
  });

  it('mid-session, the acks and the findings badge say only what has happened', async () => {
    // Record 10 is the client's emit asking for ack 0, answered by record 11.
    await step(1);
    await at(10);
    let shown = await findingsAndAcks();
    expect(shown).toMatchObject({ badge: null, client: '0/1 answered', unanswered: '0 · 1 waiting' });
    expect(shown.server).toBe('0/0 answered');
    expect(shown.rows).toContain('waiting');
    expect(shown.rows).not.toContain('no answer');
    await showView(page, 'findings');
    expect(await page.getByTestId('findings-empty').textContent()).toBe('✓ No findings so far.');

    await step(1);
    await at(11);
    shown = await findingsAndAcks();
    expect(shown).toMatchObject({ badge: null, client: '1/1 answered', unanswered: '0' });

    // Record 23: the server refuses /admin (it connects with other auth at record 25).
    await step(12);
    await at(23);
    shown = await findingsAndAcks();
    expect(shown).toMatchObject({ badge: '1', client: '1/1 answered', server: '1/1 answered' });
    await showView(page, 'findings');
    expect(await page.getByTestId('finding').allTextContents()).toEqual([
      expect.stringContaining('NAMESPACE_REFUSED'),
    ]);
    // The refusal says the server's reason at the time it came.
    await showView(page, 'sequence');
    expect(await fact('namespaces')).toContain('/admin ✕ unauthorized');
    await screenshot(page, 'chromium-playback-acks-findings');
  });

  it('plays at 10x to the end, the diagram and timeline complete', async () => {
    await page.getByTestId('playback-speed').selectOption('10');
    const stepsBefore = await steps();
    await page.getByTestId('playback-play').click();
    await page
      .getByTestId('playback-time')
      .filter({ hasText: new RegExp(`${RECORDS} of ${RECORDS}`) })
      .waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=playback-play][aria-pressed=false]').waitFor({ timeout: TIMEOUT });
    expect(await steps()).toBeGreaterThanOrEqual(stepsBefore);
    // The second half of the session holds the /admin namespace's CONNECT exchanges.
    expect(await steps()).toBeGreaterThan(middle);
    for (const step of ['open', '2probe', '3probe', 'upgrade']) {
      expect((await page.getByTestId('sequence-step').allTextContents()).some((s) => s.includes(step))).toBe(
        true,
      );
    }
    // Played to the end, the facts are the whole session's again.
    expect(await page.getByTestId('fact-upgrade').locator('dd').textContent()).toMatch(
      /^completed in \d+ ms$/,
    );
    expect(await page.getByTestId('fact-namespaces').textContent()).toContain('/admin ✓');
    await showView(page, 'timeline');
    await page
      .getByTestId('row-count')
      .filter({ hasText: String(RECORDS) })
      .waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'chromium-playback-timeline');
  });

  it("played to the end, the acks and the findings badge are the whole session's", async () => {
    expect(await findingsAndAcks()).toEqual(whole);
    await showView(page, 'timeline');
  });

  it('shows only the heartbeat pings up to the playhead', async () => {
    await showView(page, 'heartbeat');
    const points = (): Promise<number> => page.locator('[data-testid=heartbeat-chart] circle.point').count();
    await page.getByTestId('heartbeat-chart').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('playback-scrubber').focus();
    await page.keyboard.press('Home');
    await expect.poll(points).toBe(0);
    await page.keyboard.press('End');
    await expect.poll(points).toBeGreaterThan(1);
    await showView(page, 'timeline');
  });

  it('hands the whole session back', async () => {
    await page.getByTestId('playback-off').click();
    expect(await page.getByTestId('playback-time').textContent()).toContain('all records');
    expect(await rowCount()).toBe(String(RECORDS));
  });
});
