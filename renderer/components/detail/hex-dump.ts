// Hex dump lines, 16 bytes each: offset, bytes, printable ASCII. Pure, so the view only decides which
// bytes to highlight.

export interface HexLine {
  readonly offset: number;
  readonly hex: readonly string[];
  readonly ascii: readonly string[];
}

export const BYTES_PER_LINE = 16;

export function hexLines(bytes: Uint8Array, limit: number): HexLine[] {
  const end = Math.min(bytes.length, limit);
  const lines: HexLine[] = [];
  for (let offset = 0; offset < end; offset += BYTES_PER_LINE) {
    const hex: string[] = [];
    const ascii: string[] = [];
    for (let i = offset; i < Math.min(offset + BYTES_PER_LINE, end); i++) {
      const b = bytes[i] as number;
      hex.push(b.toString(16).padStart(2, '0'));
      ascii.push(b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·');
    }
    lines.push({ offset, hex, ascii });
  }
  return lines;
}

export function offsetLabel(offset: number): string {
  return offset.toString(16).padStart(6, '0');
}
