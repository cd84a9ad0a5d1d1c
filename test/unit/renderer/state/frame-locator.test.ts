import { describe, expect, it } from 'vitest';
import { ackHint, findingHint, matchesHint } from '../../../../shared/analysis/record-hint';
import { locateFrame } from '../../../../renderer/state/frame-locator';
import { sharedFrameRecords } from '../../../support/session-fixtures';

const records = sharedFrameRecords();
const load = async (page: number) => records.slice(page * 2, page * 2 + 2);

describe('locating a frame', () => {
  it('picks the record a hint means in a frame that holds several', async () => {
    const frame = 2;
    expect(await locateFrame(load, records.length, 2, { frame })).toBe(3);
    const refused = findingHint('NAMESPACE_REFUSED');
    expect(
      await locateFrame(load, records.length, 2, { frame, prefer: (r) => matchesHint(r, refused) }),
    ).toBe(4);
    const asked = ackHint('/', 1, false);
    expect(await locateFrame(load, records.length, 2, { frame, prefer: (r) => matchesHint(r, asked) })).toBe(
      5,
    );
    const answer = ackHint('/', 1, true);
    expect(
      await locateFrame(load, records.length, 2, { frame: 3, prefer: (r) => matchesHint(r, answer) }),
    ).toBe(6);
  });

  it('falls back to the first record of the frame when nothing matches', async () => {
    const prefer = (r: (typeof records)[number]) => matchesHint(r, { eio: ['noop'] });
    expect(await locateFrame(load, records.length, 2, { frame: 2, prefer })).toBe(3);
  });
});
