// Builds the CLI exactly as `npm run build:cli` does, into a temp folder, and runs it as a user would.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { spawnCli } from './cli-process';
import { tempDir } from './temp-dir';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export async function buildCli(): Promise<string> {
  const outdir = tempDir('sio-cli');
  const root = resolve(import.meta.dirname, '../..');
  await build({
    // The workers are bundles of their own, found next to cli.cjs at run time.
    entryPoints: {
      cli: join(root, 'electron/cli/main.ts'),
      'analysis-worker': join(root, 'electron/store/analysis-worker.ts'),
      'search-worker': join(root, 'electron/store/search-worker.ts'),
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir,
    outExtension: { '.js': '.cjs' },
    define: { 'import.meta.dirname': '__dirname' },
    logLevel: 'warning',
  });
  return join(outdir, 'cli.cjs');
}

/** Runs a command to its end, `stdin` written to it, as `spawnCli` starts it. */
export function runCli(
  cli: string,
  args: readonly string[],
  options: { readonly stdin?: string; readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number } = {},
): Promise<CliResult> {
  const { stdin = '', env, timeoutMs = 15_000 } = options;
  const run = spawnCli(cli, args, { ...(env !== undefined && { env }), timeoutMs });
  run.child.stdin.end(stdin);
  return run.exited;
}

/**
 * Runs a command with stderr on a terminal (script(1) gives it one) and stdout into the file `out`, as
 * a user who sends the records to a file sees it; `terminal` is what the terminal showed.
 */
export function runCliInTerminal(
  cli: string,
  args: readonly string[],
  out: string,
): { readonly code: number | null; readonly terminal: string } {
  const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;
  const command = [process.execPath, cli, ...args].map(quote).join(' ');
  const run = spawnSync('script', ['-qec', `${command} > ${quote(out)}`, '/dev/null'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: run.status, terminal: run.stdout };
}
