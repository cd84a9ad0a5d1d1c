// What a user does in the app, as steps the e2e suite composes: every lookup by data-testid, every wait
// a condition (a selector appears, a count is reached), never a sleep.
import type { Locator, Page } from 'playwright-core';
import { sessionFileHeader } from '../../../electron/session-io/session-writer';

export const TIMEOUT = 15_000;

export function rows(page: Page, text?: string | RegExp): Locator {
  const all = page.getByTestId('frame-row');
  return text === undefined ? all : all.filter({ hasText: text });
}

export function rowsOfKind(page: Page, kind: string): Locator {
  return page.locator(`[data-testid=frame-row][data-kind=${kind}]`);
}

export async function connect(
  page: Page,
  url: string,
  options: { readonly namespaces?: string } = {},
): Promise<void> {
  await page.getByTestId('new-connection').click();
  // The form keeps the kind last chosen (a proxy started before, say).
  await page.getByTestId('connect-kind-connect').click();
  await page.getByTestId('connect-url').fill(url);
  if (options.namespaces !== undefined) await page.getByTestId('connect-namespaces').fill(options.namespaces);
  await page.getByTestId('connect').click();
  await page.getByTestId('session-state').filter({ hasText: /open/i }).waitFor({ timeout: TIMEOUT });
}

/** Starts a recording proxy to `target` from the new-connection form; answers where clients connect. */
export async function startProxy(page: Page, target: string): Promise<string> {
  await page.getByTestId('new-connection').click();
  await page.getByTestId('connect-kind-proxy').click();
  await page.getByTestId('proxy-target').fill(target);
  await page.getByTestId('proxy-port').fill('0');
  await page.getByTestId('proxy-start').click();
  await page.getByTestId('proxy-banner').waitFor({ timeout: TIMEOUT });
  return (await page.getByTestId('proxy-listen').textContent()) ?? '';
}

export async function showView(page: Page, view: string): Promise<void> {
  await page.getByTestId(`tab-${view}`).click();
  await page.locator(`[data-testid=tab-${view}][aria-selected=true]`).waitFor();
}

/** Replaces the text of a Monaco editor once Monaco (not its textarea stand-in) is in place. */
export async function setEditorText(page: Page, testId: string, text: string): Promise<void> {
  await page
    .locator(`[data-testid=${testId}][data-editor=monaco] .monaco-editor`)
    .waitFor({ timeout: TIMEOUT });
  await page.locator(`[data-testid=${testId}] .view-lines`).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  // One insert, not key by key: typed brackets and quotes would be auto-closed by the editor.
  await page.keyboard.insertText(text);
}

export async function emit(page: Page, event: string, args: string): Promise<void> {
  await showView(page, 'emit');
  await page.getByTestId('emit-event').fill(event);
  await setEditorText(page, 'emit-args', args);
  await page.locator('[data-testid=emit-send]:not([disabled])').click({ timeout: TIMEOUT });
}

/** Opens a session file through the page's file input (both hosts read the file in the page). */
export async function openSessionFile(
  page: Page,
  file: string | { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  await page.getByTestId('open-session-input').setInputFiles(file);
}

/** A session file's first line as the app writes it, for sessions a test builds record by record. */
export const SESSION_HEADER = sessionFileHeader(
  {
    target: 'http://127.0.0.1:3000',
    options: { kind: 'other' },
    created: new Date('2026-01-01T00:00:00.000Z'),
  },
  true,
);

/** Frame lines of a connection's start: the server's open packet, then CONNECT to `/` both ways. */
export const OPENING_FRAMES = [
  {
    t: 0,
    dir: 'in',
    transport: 'websocket',
    text: '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000}',
  },
  { t: 1, dir: 'out', transport: 'websocket', text: '40' },
  { t: 2, dir: 'in', transport: 'websocket', text: '40{"sid":"s1"}' },
] as const;

/** Opens `lines` (frame lines or a session file's header and records) as an uploaded file, and waits for it. */
export async function openLines(page: Page, name: string, lines: readonly unknown[]): Promise<void> {
  await openSessionFile(page, {
    name,
    mimeType: 'text/plain',
    buffer: Buffer.from(lines.map((line) => JSON.stringify(line)).join('\n')),
  });
  await page.getByTestId('session-state').filter({ hasText: /file/i }).waitFor({ timeout: TIMEOUT });
}

/** A filter text field applies after a typing pause; wait for the filtered count to show. */
export async function setFilterField(page: Page, testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill(value);
  await page
    .getByTestId('row-count')
    .filter({ hasText: value === '' ? /^[\d,]+$/ : / of / })
    .waitFor({ timeout: TIMEOUT });
}
