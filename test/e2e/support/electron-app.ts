// The desktop app under playwright's Electron driver, where an Electron binary exists
// (ELECTRON_OVERRIDE_DIST_PATH, as @electron/get reads it, or a normal install with its download done).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { ROOT } from './renderer-build';

export function electronBinary(): string | undefined {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override !== undefined && override !== '') {
    const binary =
      process.platform === 'darwin'
        ? join(override, 'Electron.app/Contents/MacOS/Electron')
        : join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(binary) ? binary : undefined;
  }
  // The electron package writes path.txt once its binary is downloaded.
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

/** Starts dist/main.cjs (built by `npm run build`) with the renderer beside it. */
export function launchElectron(binary: string): Promise<ElectronApplication> {
  return _electron.launch({
    executablePath: binary,
    args: [join(ROOT, 'dist', 'main.cjs'), '--no-sandbox'],
    cwd: ROOT,
  });
}
