// The built renderer the e2e tests and the UI bench serve: dist/renderer, rebuilt with `npm run
// build:renderer` when any source it is made from is newer. Test files run in parallel workers, so the
// build runs under a lock directory and the others wait for it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
const LOCK = join(ROOT, 'dist', '.renderer-build.lock');
const SOURCES = ['renderer', 'shared', 'vite.config.ts', 'package.json'];
const LOCK_STALE_MS = 5 * 60_000;

export async function ensureRenderer(): Promise<string> {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  while (!tryLock()) await new Promise((r) => setTimeout(r, 250));
  try {
    if (isStale()) {
      const built = spawnSync('npm', ['run', '--silent', 'build:renderer'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: 'pipe',
      });
      if (built.status !== 0)
        throw new Error(`npm run build:renderer failed:\n${built.stderr}${built.stdout}`);
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
  return RENDERER_DIR;
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    // A lock left by a killed run would block forever; past a build's worst time it is taken over.
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
    } catch {
      // Released between the two calls: the next try takes it.
    }
    return false;
  }
}

function isStale(): boolean {
  let built: number;
  try {
    built = statSync(join(RENDERER_DIR, 'index.html')).mtimeMs;
  } catch {
    return true;
  }
  return SOURCES.some((source) => newestMtime(join(ROOT, source)) > built);
}

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}
