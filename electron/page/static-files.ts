// The built renderer (dist/renderer, Vite's output) served read-only: GET and HEAD, files under the
// root only (no `..`, no symlink escapes), a content type for every file the build emits.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  readonly path: string;
  readonly size: number;
  readonly type: string;
}

/** The file a URL path names under `root`, or undefined (missing, a directory, outside the root). */
export async function findStaticFile(root: string, urlPath: string): Promise<StaticFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  try {
    const base = resolve(root);
    const path = resolve(base, relative);
    if (!within(base, path)) return undefined;
    // On disk (the web host) a symlink must not lead out of the root either. Inside Electron's asar
    // archive there are no links, and realpath may not apply: the lexical check above holds there.
    const real = await realpath(path).catch(() => path);
    if (!within(await realpath(base).catch(() => base), real)) return undefined;
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    return { path, size: info.size, type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}

function within(base: string, path: string): boolean {
  return path === base || path.startsWith(base + sep);
}

export function readStaticFile(file: StaticFile): NodeJS.ReadableStream {
  return createReadStream(file.path);
}
