// Runs in every test file (vitest.config.ts, setupFiles): after the file's own afterAll hooks have
// closed what wrote into them, the temporary folders it made are removed.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir';

afterAll(removeTempDirs);
