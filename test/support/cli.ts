// Builds the CLI exactly as `npm run build:cli` does, into a temp folder, and runs it as a user would.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export async function buildCli(): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'sio-cli-'));
  const root = resolve(import.meta.dirname, '../..');
  await build({
    // The analysis worker is its own bundle, found next to cli.cjs at run time.
    entryPoints: {
      cli: join(root, 'electron/cli/main.ts'),
      'analysis-worker': join(root, 'electron/store/analysis-worker.ts'),
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

export function runCli(
  cli: string,
  args: readonly string[],
  options: { readonly stdin?: string; readonly env?: NodeJS.ProcessEnv; readonly timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
