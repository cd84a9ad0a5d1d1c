// A socket.io 4 server, in a process of its own, that sends each client that connects `rate` events a
// second (`tick`, its number, 40 bytes) for `seconds`, then one `done`: the traffic the live benches
// record. Its own process, so sending does not take the CPU of what is measured.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface RateServer {
  readonly url: string;
  stop(): void;
}

const ROOT = resolve(import.meta.dirname, '../..');

export async function startRateServer(rate: number, seconds: number): Promise<RateServer> {
  const server = spawn(process.execPath, ['-e', rateServerScript(rate, seconds)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  server.stdout.setEncoding('utf8');
  let text = '';
  for await (const chunk of server.stdout) {
    text += chunk as string;
    const match = /listening (\d+)/.exec(text);
    if (match?.[1] !== undefined)
      return { url: `http://127.0.0.1:${match[1]}`, stop: () => server.stdin.end() };
  }
  throw new Error('the rate server exited before listening');
}

function rateServerScript(rate: number, seconds: number): string {
  return `
  const { Server } = require('socket.io');
  const http = require('node:http').createServer();
  const io = new Server(http, { pingInterval: 25000, pingTimeout: 20000 });
  io.on('connection', (socket) => {
    let sent = 0;
    const total = ${rate * seconds};
    const start = Date.now();
    const tick = () => {
      const due = Math.min(total, Math.round(((Date.now() - start) / 1000) * ${rate}));
      while (sent < due) socket.emit('tick', sent++, 'x'.repeat(40));
      if (sent < total) setTimeout(tick, 10);
      else socket.emit('done', sent);
    };
    tick();
  });
  http.listen(0, '127.0.0.1', () => console.log('listening ' + http.address().port));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();`;
}
