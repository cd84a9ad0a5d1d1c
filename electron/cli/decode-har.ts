// `decode --format har`: the decoded records written back out as one HAR document. (HAR input is opened
// like any other input, by session-io.)
import type { SessionRecord } from '../../shared/record';
import { sessionToHar } from '../../shared/session/har-export';
import { TOOL } from '../session-io/tool';

/** The HAR document for `--format har`; record time 0 is `startedAt` (epoch ms). */
export function harText(records: readonly SessionRecord[], startedAt: number, target?: string): string {
  const har = sessionToHar(records, {
    startedAt,
    creator: TOOL,
    ...(target !== undefined && { target }),
  });
  return JSON.stringify(har, null, 2);
}
