// The browser form's fields and the BrowserOptions they make, with a message for a field that is wrong:
// launch a browser on a page, or attach to one the user runs with --remote-debugging-port.
import type { BrowserOptions } from '../../shared/bridge/api';

export interface BrowserForm {
  readonly mode: 'launch' | 'attach';
  /** launch: the page to open. */
  readonly url: string;
  /** launch: no window (for a machine with no display). */
  readonly headless: boolean;
  /** attach: the browser's DevTools endpoint. */
  readonly cdp: string;
  /** attach: only tabs whose URL or title contains this; empty: every tab. */
  readonly tab: string;
}

export const DEFAULT_BROWSER_FORM: BrowserForm = {
  mode: 'launch',
  url: 'http://localhost:3000',
  headless: false,
  cdp: 'http://127.0.0.1:9222',
  tab: '',
};

export type BrowserProblems = Partial<Record<'url' | 'cdp', string>>;

export type BrowserResult =
  | { readonly ok: true; readonly options: BrowserOptions }
  | { readonly ok: false; readonly problems: BrowserProblems };

export function toBrowserOptions(form: BrowserForm): BrowserResult {
  if (form.mode === 'launch') {
    const url = form.url.trim();
    if (!/^https?:\/\/[^/\s]+/i.test(url))
      return { ok: false, problems: { url: 'a page URL like http://localhost:3000/' } };
    return { ok: true, options: { mode: 'launch', url, ...(form.headless && { headless: true }) } };
  }
  const cdp = form.cdp.trim();
  // Whether it is a loopback DevTools endpoint is the Node side's to say (it refuses any other).
  if (cdp === '') return { ok: false, problems: { cdp: 'an endpoint like http://127.0.0.1:9222' } };
  const tab = form.tab.trim();
  return { ok: true, options: { mode: 'attach', cdp, ...(tab !== '' && { tab }) } };
}
