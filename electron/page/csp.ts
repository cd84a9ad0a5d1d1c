// The Content-Security-Policy of the renderer, for the Electron window and the web host alike
// (docs/architecture.md, "Security" and §5): nothing is allowed unless listed, and each relaxation says why.

export interface CspOptions {
  /** Where the page may open connections besides its own origin: the web host's bridge WebSocket. */
  readonly connect?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: readonly (readonly [string, ...string[]])[] = [
    ['default-src', "'none'"],
    // The bundled renderer only: no inline script, no eval, no CDN (Monaco is bundled locally).
    ['script-src', "'self'"],
    // Monaco's language workers are bundled files ('self'); blob: is how Monaco and Vite start a worker
    // when it has to be wrapped (module workers in some Chromium builds), never remote code.
    ['worker-src', "'self'", 'blob:'],
    // Monaco writes its theme and decoration rules into <style> elements at run time.
    ['style-src', "'self'", "'unsafe-inline'"],
    // Monaco's codicon font ships with the bundle.
    ['font-src', "'self'"],
    // Bundled images, and data: for the small SVG/PNG icons Monaco and the views inline.
    ['img-src', "'self'", 'data:', 'blob:'],
    // The page talks to the Node side over IPC (Electron) or the bridge socket (web host) only.
    ['connect-src', "'self'", ...(options.connect ?? [])],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}
