import { describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../../../../shared/analysis/findings';
import { decodeFrames } from '../../../../shared/protocol/session-decoder';
import { locateFrame } from '../../../../renderer/state/frame-locator';
import { ackHint, findingHint, matchesHint, stepHint } from '../../../../renderer/state/record-hint';

// One polling response with three packets: the `/` CONNECT answer, `/admin` refused, and an EVENT.
const records = decodeFrames(
  [
    {
      t: 0,
      dir: 'in',
      transport: 'polling',
      text: '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000}',
    },
    { t: 1, dir: 'out', transport: 'polling', text: '40\x1e40/admin,' },
    {
      t: 2,
      dir: 'in',
      transport: 'polling',
      text: '40{"sid":"a"}\x1e44/admin,{"message":"no"}\x1e421["ask"]',
    },
    { t: 3, dir: 'out', transport: 'polling', text: '41["ok"]' },
  ],
  { eio: 4 },
);
const load = async (page: number) => records.slice(page * 2, page * 2 + 2);

describe('record hints', () => {
  it('pick the meant packet of a frame that holds several', async () => {
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

  it('fall back to the first record of the frame when nothing matches', async () => {
    const prefer = (r: (typeof records)[number]) => matchesHint(r, { eio: ['noop'] });
    expect(await locateFrame(load, records.length, 2, { frame: 2, prefer })).toBe(3);
  });

  it('match namespaces without a v4 query and by step', () => {
    const connect = records[2];
    if (connect === undefined) throw new Error('no record');
    expect(matchesHint(connect, stepHint('CONNECT', '/admin') ?? {})).toBe(true);
    expect(stepHint('ws-open', undefined)).toBeUndefined();
  });

  it('have a hint for every finding code', () => {
    for (const code of FINDING_CODES) expect(findingHint(code)).toBeTypeOf('object');
  });
});
