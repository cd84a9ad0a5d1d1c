// `npm run bench`: prints the project's speed figures. `npm run bench -- decode` runs one section.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runDecodeBench } from './decode-bench';

const workDir = join(process.cwd(), '.bench');
mkdirSync(workDir, { recursive: true });

const sections: Record<string, () => Promise<void>> = {
  async decode() {
    const r = await runDecodeBench(workDir);
    console.log(`decode: ${r.frames} frames, --format ndjson, whole process, median of 5`);
    console.log(`  sio-inspector decode          ${r.ourMs.toFixed(0)} ms  (${r.ourLines} lines)`);
    console.log(
      `  engine.io-parser+socket.io-parser ${r.referenceMs.toFixed(0)} ms  (${r.referenceLines} lines)`,
    );
    console.log(
      `  ratio ours/reference          ${r.ratio.toFixed(2)}  ${r.ratio <= 1 ? 'OK' : 'SLOWER than the reference'}`,
    );
  },
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
