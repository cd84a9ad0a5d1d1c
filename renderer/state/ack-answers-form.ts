// The table of answers to the server's ack requests as the Emit view edits it: one row per event (its
// args as JSON text, or held for the user), and a row for every other event. Turned into the bridge's
// AckAnswers only when every row is valid.
import type { AckAnswer, AckAnswers } from '../../shared/bridge/api';
import { validateArgs } from './emit-args';

export interface AnswerRow {
  /** Empty in the row for every other event. */
  readonly event: string;
  readonly hold: boolean;
  /** JSON array text; kept while held, so un-holding brings it back. */
  readonly args: string;
}

export interface AnswersForm {
  readonly rows: readonly AnswerRow[];
  readonly other: AnswerRow;
}

export type AnswersCheck =
  { readonly ok: true; readonly answers: AckAnswers } | { readonly ok: false; readonly problem: string };

/** What the app does without settings: answer every request at once with no args. */
export const DEFAULT_ANSWERS: AckAnswers = { ackReply: [], ackReplies: {} };

export function answersForm(answers: AckAnswers = DEFAULT_ANSWERS): AnswersForm {
  const row = (event: string, answer: AckAnswer): AnswerRow =>
    answer === 'manual'
      ? { event, hold: true, args: '[]' }
      : { event, hold: false, args: JSON.stringify(answer) };
  return {
    rows: Object.entries(answers.ackReplies).map(([event, answer]) => row(event, answer)),
    other: row('', answers.ackReply),
  };
}

export function checkAnswers(form: AnswersForm): AnswersCheck {
  const ackReplies: Record<string, AckAnswer> = {};
  for (const row of form.rows) {
    if (row.event === '') return { ok: false, problem: 'a row has no event name' };
    if (Object.prototype.hasOwnProperty.call(ackReplies, row.event))
      return { ok: false, problem: `"${row.event}" has two rows` };
    const answer = answerOf(row);
    if ('problem' in answer) return { ok: false, problem: `${row.event}: ${answer.problem}` };
    // defineProperty: an event named "__proto__" stays a plain entry.
    Object.defineProperty(ackReplies, row.event, { value: answer.answer, enumerable: true, writable: true });
  }
  const other = answerOf(form.other);
  if ('problem' in other) return { ok: false, problem: `every other event: ${other.problem}` };
  return { ok: true, answers: { ackReply: other.answer, ackReplies } };
}

function answerOf(row: AnswerRow): { readonly answer: AckAnswer } | { readonly problem: string } {
  if (row.hold) return { answer: 'manual' };
  const checked = validateArgs(row.args);
  return checked.ok ? { answer: checked.args } : { problem: checked.problem.message };
}
