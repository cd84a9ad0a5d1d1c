// `npm start`: the desktop app where Electron can run; otherwise one line saying why, and the same app
// served to the browser (`sio-inspector serve`, docs/architecture.md, "Where Electron cannot run"). Runs
// bundled as dist/launch.cjs; never prints a stack trace.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { reportError } from '../cli/cli-error';
import { processIo } from '../cli/command-io';
import { rendererDir, runServe } from '../cli/serve-command';
import { findElectron, noDisplayReason } from './launch/find-electron';

/** An Electron that exits with an error this soon never showed a window: fall back rather than give up. */
const EARLY_EXIT_MS = 5000;

// dist/launch.cjs → the project root, where package.json's "main" names dist/main.cjs.
const ROOT = dirname(__dirname);

async function main(args: readonly string[]): Promise<number> {
  await buildRendererIfMissing();
  if (process.env.SIO_INSPECTOR_WEB === '1')
    return serveInstead('SIO_INSPECTOR_WEB=1 asks for the browser', args);
  const electron = findElectron(ROOT);
  if ('missing' in electron) return serveInstead(electron.missing, args);
  const noDisplay = noDisplayReason();
  if (noDisplay !== undefined) return serveInstead(noDisplay, args);
  const ran = await runElectron(electron.binary);
  if (ran.kind === 'ran') return ran.code;
  return serveInstead(ran.why, args);
}

type ElectronRun =
  { readonly kind: 'ran'; readonly code: number } | { readonly kind: 'failed'; readonly why: string };

function runElectron(binary: string): Promise<ElectronRun> {
  const started = Date.now();
  const env = { ...process.env };
  // Set by some shells and tools; it would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [ROOT], { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', (error) =>
      resolve({ kind: 'failed', why: `Electron could not start (${error.message})` }),
    );
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      const status = code ?? (signal === null ? 1 : 128);
      if (status !== 0 && signal === null && Date.now() - started < EARLY_EXIT_MS)
        resolve({ kind: 'failed', why: `Electron exited at start with status ${status}` });
      else resolve({ kind: 'ran', code: status });
    });
  });
}

async function serveInstead(why: string, args: readonly string[]): Promise<number> {
  process.stdout.write(
    `sio-inspector: cannot open the desktop app here (${why}); serving it to your browser instead\n`,
  );
  await runServe(args, processIo());
  return 0;
}

/** A first start has no dist/renderer yet: build it once, in plain sight. */
async function buildRendererIfMissing(): Promise<void> {
  if (existsSync(join(rendererDir(process.env), 'index.html'))) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(npm, ['run', 'build:renderer', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  await new Promise<void>((resolve) => {
    child.on('error', () => resolve());
    child.on('exit', () => resolve());
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error, process.stderr);
  },
);
