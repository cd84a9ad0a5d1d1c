// The yardstick for `decode`: the same frame lines decoded with the official parsers
// (engine.io-parser 5 + socket.io-parser 4), printing one JSON line per packet of the same kind.
// Built with esbuild like our CLI, so both pay the same start-up costs.
import { createReadStream } from 'node:fs';
import { decodePacket, decodePayload } from 'engine.io-parser';
import { Decoder } from 'socket.io-parser';

interface Line {
  t: number;
  dir: 'in' | 'out';
  transport: 'polling' | 'websocket';
  text?: string;
  binary?: string;
}

const replacer = (_key: string, value: unknown): unknown =>
  value !== null && typeof value === 'object' && (value as { type?: string }).type === 'Buffer'
    ? { $binary: Buffer.from((value as { data: number[] }).data).toString('base64') }
    : value;

let out = '';
const write = (value: unknown): void => {
  out += JSON.stringify(value, replacer) + '\n';
  if (out.length > 65536) {
    process.stdout.write(out);
    out = '';
  }
};

const decoders = { in: new Decoder(), out: new Decoder() };
let current: Line | undefined;
for (const dir of ['in', 'out'] as const) {
  decoders[dir].on('decoded', (packet: { type: number; nsp: string; id?: number; data?: unknown }) => {
    const line = current!;
    write({ t: line.t, dir, transport: line.transport, sio: packet });
  });
}

const onPacket = (line: Line, packet: { type: string; data?: unknown }): void => {
  if (packet.type === 'message') {
    try {
      decoders[line.dir].add(packet.data as string);
    } catch (error) {
      write({ t: line.t, dir: line.dir, error: String(error) });
    }
    return;
  }
  write({ t: line.t, dir: line.dir, transport: line.transport, eio: packet });
};

const onLine = (text: string): void => {
  if (text.length === 0) return;
  const line = JSON.parse(text) as Line;
  current = line;
  if (line.transport === 'polling') {
    for (const packet of decodePayload(line.text!)) onPacket(line, packet);
  } else if (line.binary !== undefined) {
    onPacket(line, decodePacket(Buffer.from(line.binary, 'base64')));
  } else {
    onPacket(line, decodePacket(line.text!));
  }
};

const stream = createReadStream(process.argv[2]!, { encoding: 'utf8' });
let rest = '';
stream.on('data', (chunk: string | Buffer) => {
  const text = rest + String(chunk);
  let start = 0;
  let end = text.indexOf('\n');
  while (end !== -1) {
    onLine(text.slice(start, end));
    start = end + 1;
    end = text.indexOf('\n', start);
  }
  rest = text.slice(start);
});
stream.on('end', () => {
  onLine(rest);
  process.stdout.write(out);
});
