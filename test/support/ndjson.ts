// What a CLI printed with --format ndjson: one record per line.
import type { SessionRecord } from '../../shared/record';

export function ndjson(text: string): SessionRecord[] {
  return text
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as SessionRecord);
}
