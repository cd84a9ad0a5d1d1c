import { describe, expect, it } from 'vitest';
import { answersForm, checkAnswers, DEFAULT_ANSWERS } from '../../../../renderer/state/ack-answers-form';

describe('the answers table', () => {
  it('round-trips answers through the rows, held ones included', () => {
    const answers = {
      ackReply: 'manual' as const,
      ackReplies: { ask: ['ok', { n: 1 }], hold: 'manual' as const },
    };
    const form = answersForm(answers);
    expect(form.rows).toEqual([
      { event: 'ask', hold: false, args: '["ok",{"n":1}]' },
      { event: 'hold', hold: true, args: '[]' },
    ]);
    expect(form.other).toEqual({ event: '', hold: true, args: '[]' });
    expect(checkAnswers(form)).toEqual({ ok: true, answers });
    expect(checkAnswers(answersForm())).toEqual({ ok: true, answers: DEFAULT_ANSWERS });
  });

  it('says which row is wrong', () => {
    const other = { event: '', hold: false, args: '[]' };
    expect(checkAnswers({ rows: [{ event: '', hold: true, args: '[]' }], other })).toEqual({
      ok: false,
      problem: 'a row has no event name',
    });
    const twice = { event: 'a', hold: true, args: '[]' };
    expect(checkAnswers({ rows: [twice, twice], other })).toEqual({ ok: false, problem: '"a" has two rows' });
    expect(checkAnswers({ rows: [{ event: 'a', hold: false, args: '{"n":1}' }], other })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^a: args must be a JSON array/),
    });
    expect(checkAnswers({ rows: [], other: { ...other, args: '[1,' } })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^every other event: not valid JSON/),
    });
  });

  it('keeps an event named "__proto__" as a plain entry', () => {
    const checked = checkAnswers({
      rows: [{ event: '__proto__', hold: false, args: '[1]' }],
      other: { event: '', hold: false, args: '[]' },
    });
    expect(checked.ok && Object.keys(checked.answers.ackReplies)).toEqual(['__proto__']);
    expect(checked.ok && Object.getPrototypeOf(checked.answers.ackReplies)).toBe(Object.prototype);
  });
});
