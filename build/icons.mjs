// Draws the app icon and writes build/icon.png (512×512), build/icon.ico (256×256 PNG inside, Windows
// Vista and later) and build/icon.icns (256 and 512 PNGs inside, macOS 10.7 and later) for
// electron-builder. Plain Node, no image library: `node build/icons.mjs`.
// The picture: two frames passing each other on a wire, out (cyan, →) above in (magenta, ←), the
// colours of the CLI's pretty output.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { URL } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const here = new URL('.', import.meta.url);

const BACKGROUND = [30, 30, 46];
const WIRE = [88, 91, 112];
const OUT = [137, 220, 235];
const IN = [245, 194, 231];

/** RGBA pixels of the icon at `size`, 4×4 supersampled for smooth edges. */
function draw(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples) / size;
          const v = (y + (sy + 0.5) / samples) / size;
          const colour = shade(u, v);
          if (colour === undefined) continue;
          for (let c = 0; c < 3; c++) sum[c] += colour[c];
          sum[3] += 255;
        }
      }
      const n = samples * samples;
      const at = (y * size + x) * 4;
      const covered = sum[3] / 255;
      for (let c = 0; c < 3; c++) pixels[at + c] = covered === 0 ? 0 : Math.round(sum[c] / covered);
      pixels[at + 3] = Math.round(sum[3] / n);
    }
  }
  return pixels;
}

/** The colour at (u, v) in [0, 1)², or undefined outside the rounded square. */
function shade(u, v) {
  if (!insideRoundedSquare(u, v, 0.06, 0.2)) return undefined;
  if (arrow(u, v, 0.36, 1)) return OUT;
  if (arrow(u, v, 0.64, -1)) return IN;
  if (Math.abs(v - 0.5) < 0.012 && u > 0.16 && u < 0.84) return WIRE;
  return BACKGROUND;
}

function insideRoundedSquare(u, v, margin, radius) {
  const x = Math.max(Math.abs(u - 0.5) - (0.5 - margin - radius), 0);
  const y = Math.max(Math.abs(v - 0.5) - (0.5 - margin - radius), 0);
  return x * x + y * y <= radius * radius;
}

/** A horizontal arrow centred on row `v0`, pointing right (dir 1) or left (dir -1). */
function arrow(u, v, v0, dir) {
  const x = dir === 1 ? u : 1 - u;
  const dy = Math.abs(v - v0);
  const shaft = x > 0.2 && x < 0.66 && dy < 0.045;
  const head = x >= 0.6 && x < 0.82 && dy < (0.82 - x) * 0.55;
  return shaft || head;
}

function png(size) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const pixels = draw(size);
  for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** ICO with one 256×256 PNG entry (width and height 0 mean 256). */
function ico(image) {
  const header = Buffer.from([0, 0, 1, 0, 1, 0]);
  const entry = Buffer.alloc(16);
  entry.set([0, 0, 0, 0], 0);
  entry.writeUInt16LE(1, 4); // colour planes
  entry.writeUInt16LE(32, 6); // bits per pixel
  entry.writeUInt32LE(image.length, 8);
  entry.writeUInt32LE(header.length + entry.length, 12);
  return Buffer.concat([header, entry, image]);
}

/** ICNS with PNG entries: ic08 = 256×256, ic09 = 512×512. */
function icns(entries) {
  const parts = entries.map(([type, image]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(image.length + 8, 4);
    return Buffer.concat([head, image]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const large = png(512);
const small = png(256);
writeFileSync(new URL('icon.png', here), large);
writeFileSync(new URL('icon.ico', here), ico(small));
writeFileSync(
  new URL('icon.icns', here),
  icns([
    ['ic08', small],
    ['ic09', large],
  ]),
);
