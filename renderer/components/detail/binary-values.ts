// The binary values inside a record's Socket.IO args or data (`{"$binary"}` after reassembly), with
// where each sits, for the attachments section. Iterative: args can nest deeply.
import { base64Decode } from '../../../shared/protocol/bytes';
import type { Json } from '../../../shared/record';

export interface BinaryValue {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export function binaryValues(root: Json | undefined, rootPath: string): BinaryValue[] {
  if (root === undefined) return [];
  const out: BinaryValue[] = [];
  const stack: { value: Json; path: string }[] = [{ value: root, path: rootPath }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: Json; path: string };
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i] as Json, path: `${path}[${i}]` });
      continue;
    }
    const b64 = value['$binary'];
    if (typeof b64 === 'string' && Object.keys(value).length === 1) {
      const bytes = base64Decode(b64);
      if (bytes !== undefined) out.push({ path, bytes });
      continue;
    }
    for (const [k, v] of Object.entries(value).reverse()) stack.push({ value: v, path: `${path}.${k}` });
  }
  return out;
}
