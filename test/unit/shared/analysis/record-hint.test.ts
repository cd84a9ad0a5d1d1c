import { describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../../../../shared/analysis/findings';
import {
  ackHint,
  findingHint,
  matchesHint,
  stepHint,
  type RecordHint,
} from '../../../../shared/analysis/record-hint';
import { sharedFrameRecords } from '../../../support/session-fixtures';

const records = sharedFrameRecords();

/** Indices of the records of `frame` that `hint` means. */
const meant = (frame: number, hint: RecordHint): number[] =>
  records.flatMap((r, i) => (r.frame === frame && matchesHint(r, hint) ? [i] : []));

describe('record hints', () => {
  it('name the meant packet of a frame that holds several', () => {
    expect(records.filter((r) => r.frame === 2)).toHaveLength(3);
    expect(meant(2, findingHint('NAMESPACE_REFUSED'))).toEqual([4]);
    expect(meant(2, ackHint('/', 1, false))).toEqual([5]);
    expect(meant(3, ackHint('/', 1, true))).toEqual([6]);
  });

  it('match nothing in a frame without the packet', () => {
    expect(meant(2, { eio: ['noop'] })).toEqual([]);
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
