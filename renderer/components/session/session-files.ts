// Opening and saving session files. The page reads the file itself (a file input or a drop) and hands the
// text to the Node side, which validates it; in Electron the native dialogs are on the Node side, so the
// renderer never names a path. Saving in a browser is a download of the text the host returns.
import { MAX_UPLOAD_CHARS } from '../../../shared/limits';
import type { Parser } from '../../../shared/record';
import type { AppStore } from '../../state/app-store';
import { describeError } from '../../state/app-words';

/** `auto`: a session file as recorded, anything else decoded with socket.io and msgpack noticed. */
export type OpenParser = Parser | 'auto';

export async function readSessionFile(
  store: AppStore,
  file: File,
  parser: OpenParser = 'auto',
): Promise<boolean> {
  // UTF-16 units are at most the byte count, so the size is a safe early answer before reading.
  if (file.size > MAX_UPLOAD_CHARS * 3) {
    store.notify(
      'error',
      `${file.name} is too large to open from the page (${mb(file.size)}); use sio-inspector serve --session FILE`,
    );
    return false;
  }
  let content: string;
  try {
    content = await file.text();
  } catch (e) {
    store.notify('error', `could not read ${file.name}: ${describeError(e)}`);
    return false;
  }
  if (content.length > MAX_UPLOAD_CHARS) {
    store.notify(
      'error',
      `${file.name} is too large to open from the page (${mb(content.length)}); use sio-inspector serve --session FILE`,
    );
    return false;
  }
  return store.openFile({ name: file.name, content, ...(parser !== 'auto' && { parser }) });
}

export function openSessionDialog(store: AppStore, parser: OpenParser = 'auto'): Promise<boolean> {
  return store.openFile(parser === 'auto' ? {} : { parser });
}

/** `har`: HAR 1.2, which Chrome DevTools opens; otherwise the session file format. */
export async function saveSession(
  store: AppStore,
  session: string,
  title: string,
  format: 'session' | 'har' = 'session',
): Promise<void> {
  try {
    const result = await store.api.sessions.save(format === 'har' ? { session, format } : { session });
    if (result.path !== undefined) store.notify('info', `saved to ${result.path}`);
    else if (result.content !== undefined) download(result.content, result.name ?? fileName(title, format));
  } catch (e) {
    store.notify('error', `could not save the session: ${describeError(e)}`);
  }
}

function download(content: string, name: string): void {
  const type = name.endsWith('.har') ? 'application/json' : 'application/x-ndjson';
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The click starts the download synchronously; the URL can go once the event loop turns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function fileName(title: string, format: 'session' | 'har'): string {
  const base = title
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base === '' ? 'session' : base}.${format === 'har' ? 'har' : 'ndjson'}`;
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(0)} MB`;
}
