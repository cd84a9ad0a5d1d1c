// Child process for recorder-crash.test.ts: appends a record every 2 ms to a session file and prints
// each record's frame number as soon as it is appended, until someone kills it.
import { SessionWriter } from '../../electron/session-io/session-writer';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: append-until-killed.ts <session file>');
const writer = await SessionWriter.create(path, { target: 'test', options: { kind: 'other' } });
let frame = 0;
setInterval(() => {
  writer.append({
    t: performance.now(),
    conn: 'c1',
    frame,
    dir: 'in',
    transport: 'websocket',
    size: 1,
    eio: { type: 'noop' },
  });
  process.stdout.write(`${frame++}\n`);
}, 2);
