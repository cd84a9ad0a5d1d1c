// The renderer's origin in the desktop app: `sio-inspector://app/`, a privileged standard scheme served
// from dist/renderer by the main process (as VS Code serves `vscode-file://`), rather than file://,
// so the page has a real origin for CSP 'self', module scripts and workers, and the IPC sender check
// has one exact URL prefix to trust.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { findStaticFile } from '../../page/static-files';
import { contentSecurityPolicy } from '../../page/csp';

export const APP_SCHEME = 'sio-inspector';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Before `app.ready`: the scheme behaves like https (standard, secure) so modules and workers load. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // corsEnabled: Vite tags its module scripts `crossorigin`, which needs CORS on the scheme.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** After `app.ready`: files under `rendererDir`, each answer with the CSP; anything else 404. */
export function serveAppScheme(rendererDir: string): void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file =
      url.host === APP_HOST && request.method === 'GET'
        ? await findStaticFile(rendererDir, url.pathname)
        : undefined;
    if (file === undefined) return new Response('not found', { status: 404 });
    return new Response(await readFile(file.path), {
      headers: {
        'Content-Type': file.type,
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}

/** The frame URL is our page: the one origin whose IPC is trusted. */
export function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}
