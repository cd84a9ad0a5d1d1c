// An HTTP body from a peer, held up to a limit (shared/limits.ts) and decompressed within one: the engine
// reads polling responses with it, the proxy the polling bodies it forwards. Past the limit the body is
// no longer held (the caller says so in an error record and, for the engine, closes the connection);
// a compressed body is inflated only as far as the limit, so a 600 MB gzip bomb costs 64 MiB at most.
import { brotliDecompressSync, gunzipSync, inflateSync, type ZlibOptions } from 'node:zlib';
import { MAX_POLLING_BODY_BYTES } from '../../shared/limits';

export type BodyResult =
  | { readonly bytes: Buffer }
  /** The body, or what it inflates to, passed the limit: nothing of it is held. */
  | { readonly error: string; readonly tooLarge: true }
  /** The body could not be inflated: here it is as received. */
  | { readonly error: string; readonly tooLarge: false; readonly raw: Buffer };

export class BoundedBody {
  private readonly chunks: Buffer[] = [];
  private held = 0;
  private seen = 0;

  constructor(private readonly limit: number = MAX_POLLING_BODY_BYTES) {}

  /** Takes a chunk; false once the body has passed the limit (nothing more is held). */
  push(chunk: Buffer): boolean {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      this.chunks.length = 0;
      this.held = 0;
      return false;
    }
    this.chunks.push(chunk);
    this.held += chunk.length;
    return true;
  }

  get tooLarge(): boolean {
    return this.seen > this.limit;
  }

  /** Bytes received so far, held or not. */
  get received(): number {
    return this.seen;
  }

  /** The body as received, then decompressed per `encoding` (gzip, deflate, br), all within the limit. */
  read(encoding?: string): BodyResult {
    if (this.tooLarge) return { error: overLimit(`${this.seen} bytes`, this.limit), tooLarge: true };
    const bytes =
      this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.held);
    return inflate(bytes, encoding, this.limit);
  }
}

function inflate(bytes: Buffer, encoding: string | undefined, limit: number): BodyResult {
  const options: ZlibOptions = { maxOutputLength: limit };
  const name = encoding?.trim().toLowerCase();
  try {
    switch (name) {
      case 'gzip':
      case 'x-gzip':
        return { bytes: gunzipSync(bytes, options) };
      case 'deflate':
        return { bytes: inflateSync(bytes, options) };
      case 'br':
        return { bytes: brotliDecompressSync(bytes, options) };
      default:
        return { bytes };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return { error: overLimit(`a ${name} body that inflates`, limit), tooLarge: true };
    return { error: `cannot decode ${name} body: ${(error as Error).message}`, tooLarge: false, raw: bytes };
  }
}

function overLimit(what: string, limit: number): string {
  const mib = limit / (1024 * 1024);
  return `${what} over the ${Number.isInteger(mib) ? `${mib} MiB` : `${limit}-byte`} limit`;
}
