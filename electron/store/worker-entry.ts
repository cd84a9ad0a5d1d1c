// Where a worker thread's entry is: built, a bundle of its own next to the running bundle; from
// sources, the TypeScript file beside this one, compiled by tsx inside the worker.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { UserError } from '../../shared/user-error';

/** What a worker runs: a script file, or (`eval`) the code itself. */
export interface WorkerEntry {
  readonly script: string;
  readonly eval: boolean;
}

/**
 * Built (`npm run build:cli`, `build:electron`): dist/NAME.cjs next to the bundle, which esbuild's
 * `--define:import.meta.dirname=__dirname` makes this module's directory. From sources (vitest,
 * `node --import tsx`): NAME.ts beside this file, compiled by tsx's require hook inside the worker (a
 * worker's `execArgv: ['--import', 'tsx']` does not reach its entry in Node 20).
 */
export function workerEntry(name: string, dir: string = import.meta.dirname): WorkerEntry {
  const built = join(dir, `${name}.cjs`);
  if (existsSync(built)) return { script: built, eval: false };
  const source = join(dir, `${name}.ts`);
  if (existsSync(source)) {
    const tsx = createRequire(source).resolve('tsx/cjs/api');
    const script = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`;
    return { script, eval: true };
  }
  throw new UserError('io', `the ${name.replace('-', ' ')} is missing: ${built} (npm run build makes it)`);
}
