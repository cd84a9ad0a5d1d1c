// Ascending record indices that grow as a live session appends: a Uint32Array view over a buffer with
// spare room, so appending k indices costs O(k) and a new view (a new snapshot for React) costs nothing.

export function appendIndices(existing: Uint32Array, more: readonly number[]): Uint32Array {
  if (more.length === 0) return existing;
  const length = existing.length + more.length;
  const capacity = existing.buffer.byteLength / Uint32Array.BYTES_PER_ELEMENT - existing.byteOffset / 4;
  let target: Uint32Array;
  if (capacity >= length) {
    target = new Uint32Array(existing.buffer, existing.byteOffset, length);
  } else {
    target = new Uint32Array(Math.max(length, existing.length * 2, 1024)).subarray(0, length);
    target.set(existing);
  }
  target.set(more, existing.length);
  return target;
}
