// Where the Electron binary is, or why there is none, without letting `require('electron')` print its
// download attempt or a stack trace: electron's index.js downloads a missing binary on first require
// and throws "Electron failed to install correctly" when it cannot (no route to the download).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronLookup = { readonly binary: string } | { readonly missing: string };

/** How long the one quiet download attempt may take. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

export function findElectron(root: string, env: NodeJS.ProcessEnv = process.env): ElectronLookup {
  const packageDir = electronPackageDir(root);
  if (packageDir === undefined) return { missing: 'the electron package is not installed' };
  const relative = installedPath(packageDir);
  // Honoured as electron's own index.js does: a binary unpacked somewhere else.
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override !== undefined && override !== '') {
    const binary = join(override, relative ?? platformPath());
    return existsSync(binary)
      ? { binary }
      : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no Electron at ${binary}` };
  }
  if (relative !== undefined && existsSync(join(packageDir, 'dist', relative)))
    return { binary: join(packageDir, 'dist', relative) };
  if (!downloadQuietly(packageDir, env))
    return { missing: "Electron's binary is not installed and could not be downloaded" };
  const downloaded = installedPath(packageDir);
  const binary = downloaded === undefined ? undefined : join(packageDir, 'dist', downloaded);
  return binary !== undefined && existsSync(binary)
    ? { binary }
    : { missing: "Electron's download did not install a binary" };
}

/** Why no window can open here even with a binary; undefined when one can. */
export function noDisplayReason(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string | undefined {
  if (platform !== 'linux') return undefined;
  const display = (env.DISPLAY ?? '') !== '' || (env.WAYLAND_DISPLAY ?? '') !== '';
  return display ? undefined : 'there is no display to open a window on (no DISPLAY or WAYLAND_DISPLAY)';
}

function electronPackageDir(root: string): string | undefined {
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** What electron's install wrote to path.txt: the binary's path inside dist/. */
function installedPath(packageDir: string): string | undefined {
  const file = join(packageDir, 'path.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

/** electron's own first-use download, run once in a child with its output kept from the terminal. */
function downloadQuietly(packageDir: string, env: NodeJS.ProcessEnv): boolean {
  const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(packageDir)})`], {
    env,
    stdio: 'ignore',
    timeout: DOWNLOAD_TIMEOUT_MS,
  });
  return result.status === 0;
}

function platformPath(): string {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return process.platform === 'win32' ? 'electron.exe' : 'electron';
}
