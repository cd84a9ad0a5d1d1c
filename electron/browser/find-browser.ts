// Finds a Chromium-family browser installed on this machine: the first of the usual executables on
// PATH, then the usual install locations of macOS and Windows.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Executable names on PATH, most specific first: Chromium, Chrome, Edge, Brave. */
const PATH_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'google-chrome-beta',
  'google-chrome-unstable',
  'microsoft-edge',
  'microsoft-edge-stable',
  'brave-browser',
];

const MAC_APPS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  '/Applications/Brave Browser.app/Contents/MacOS/Brave Browser',
];

function windowsApps(env: NodeJS.ProcessEnv): string[] {
  const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
    (root): root is string => root !== undefined && root !== '',
  );
  const apps = [
    'Google\\Chrome\\Application\\chrome.exe',
    'Microsoft\\Edge\\Application\\msedge.exe',
    'Chromium\\Application\\chrome.exe',
    'BraveSoftware\\Brave-Browser\\Application\\brave.exe',
  ];
  return roots.flatMap((root) => apps.map((app) => join(root, app)));
}

/** The browser to start, or undefined when none is installed where browsers usually are. */
export function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const suffixes = platform === 'win32' ? ['.exe'] : [''];
  for (const name of PATH_NAMES)
    for (const dir of dirs)
      for (const suffix of suffixes) {
        const path = join(dir, name + suffix);
        if (isExecutable(path)) return path;
      }
  const known = platform === 'darwin' ? MAC_APPS : platform === 'win32' ? windowsApps(env) : [];
  return known.find(isExecutable);
}

export function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
