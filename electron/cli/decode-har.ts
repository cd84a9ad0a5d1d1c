// HAR in and out of `decode`: a HAR file is one JSON document, not lines, so it is recognised by its first
// characters (shared/session/har.ts looksLikeHar), read whole within the size limit, and imported; with
// `--format har` the decoded records are written back out as one HAR document.
import type { Readable } from 'node:stream';
import type { SessionRecord } from '../../shared/record';
import { looksLikeHar, MAX_HAR_BYTES, readHar, type HarImport } from '../../shared/session/har';
import { sessionToHar } from '../../shared/session/har-export';
import { TOOL } from '../recorder/tool';
import { usageError } from './cli-error';

/**
 * Peeks at the input's first chunk; a HAR is read whole and imported, anything else is put back for the
 * line reader. Throws a usage error for a HAR that cannot be read.
 */
export async function readHarInput(stream: Readable, name: string): Promise<HarImport | undefined> {
  stream.setEncoding('utf8');
  const head = await firstChunk(stream);
  if (head === undefined) return undefined;
  if (!looksLikeHar(head)) {
    stream.unshift(head);
    return undefined;
  }
  const text = await readRest(stream, head, name);
  const result = readHar(text);
  if ('error' in result) throw usageError(`decode: ${name}: ${result.error.message}`);
  return result.har;
}

/** The HAR document for `--format har`; record time 0 is `startedAt` (epoch ms). */
export function harText(records: readonly SessionRecord[], startedAt: number, target?: string): string {
  const har = sessionToHar(records, {
    startedAt,
    creator: TOOL,
    ...(target !== undefined && { target }),
  });
  return JSON.stringify(har, null, 2);
}

function firstChunk(stream: Readable): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const done = (chunk: string | undefined): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
      resolve(chunk);
    };
    const onReadable = (): void => {
      const chunk = stream.read() as string | null;
      if (chunk !== null) done(chunk);
    };
    const onEnd = (): void => done(undefined);
    const onError = (error: Error): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      reject(error);
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

async function readRest(stream: Readable, head: string, name: string): Promise<string> {
  const chunks = [head];
  let length = head.length;
  for await (const chunk of stream as AsyncIterable<string>) {
    length += chunk.length;
    if (length > MAX_HAR_BYTES) {
      stream.destroy();
      throw usageError(
        `decode: ${name} is larger than ${MAX_HAR_BYTES / 1024 / 1024} MB; HAR files that large are refused`,
      );
    }
    chunks.push(chunk);
  }
  return chunks.join('');
}
