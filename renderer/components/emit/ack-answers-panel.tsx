// How the server's ack requests are answered: args per event, or held for the user to answer by hand
// from the request's detail, and a row for every other event. Applying keeps the table in the settings
// for the next connections and changes the open ones at once.
import { useState, type KeyboardEvent } from 'react';
import { useApp } from '../../hooks/use-store';
import { useDraft } from '../../hooks/use-draft';
import type { AppStore } from '../../state/app-store';
import { answersForm, checkAnswers, type AnswerRow, type AnswersForm } from '../../state/ack-answers-form';

export function AckAnswersPanel({ app }: { readonly app: AppStore }) {
  const { settings } = useApp(app);
  const [form, setForm] = useDraft<AnswersForm>(app.drafts, 'ack-answers', () =>
    answersForm(settings.ackAnswers),
  );
  const [applying, setApplying] = useState(false);
  const checked = checkAnswers(form);
  const kept = JSON.stringify(checkAnswers(answersForm(settings.ackAnswers)));
  const changed = JSON.stringify(checked) !== kept;

  const setRow = (i: number, row: AnswerRow): void =>
    setForm((f) => ({ ...f, rows: f.rows.map((r, j) => (j === i ? row : r)) }));

  return (
    <details className="ack-answers" data-testid="ack-answers">
      <summary>
        Answers to the server's ack requests{' '}
        <span className="muted">
          {form.rows.length === 0 ? '' : `${form.rows.length} by event · `}
          others {form.other.hold ? 'held' : form.other.args}
        </span>
      </summary>
      <table className="table ack-answers-table">
        <thead>
          <tr>
            <th>Event</th>
            <th>Hold</th>
            <th>Answer args (JSON array)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {form.rows.map((row, i) => (
            <AnswerRowEditor
              key={i}
              row={row}
              onChange={(r) => setRow(i, r)}
              onRemove={() => setForm((f) => ({ ...f, rows: f.rows.filter((_, j) => j !== i) }))}
            />
          ))}
          <AnswerRowEditor row={form.other} onChange={(other) => setForm((f) => ({ ...f, other }))} />
        </tbody>
      </table>
      <div className="form-row">
        <button
          type="button"
          className="button button-small"
          onClick={() => setForm((f) => ({ ...f, rows: [...f.rows, { event: '', hold: true, args: '[]' }] }))}
          data-testid="ack-answers-add"
        >
          + event
        </button>
        <span className="spacer" />
        {!checked.ok && <small className="bad">{checked.problem}</small>}
        <button
          type="button"
          className="button button-small button-primary"
          disabled={!checked.ok || !changed || applying}
          onClick={() => {
            if (!checked.ok) return;
            setApplying(true);
            void app.setAckAnswers(checked.answers).finally(() => setApplying(false));
          }}
          data-testid="ack-answers-apply"
        >
          {changed ? 'Apply' : 'Applied'}
        </button>
      </div>
    </details>
  );
}

function AnswerRowEditor({
  row,
  onChange,
  onRemove,
}: {
  readonly row: AnswerRow;
  readonly onChange: (row: AnswerRow) => void;
  /** Absent: the row for every other event, which stays. */
  readonly onRemove?: () => void;
}) {
  const other = onRemove === undefined;
  // Enter in a cell would submit the emit form around the table.
  const noSubmit = (e: KeyboardEvent): void => {
    if (e.key === 'Enter') e.preventDefault();
  };
  return (
    <tr data-testid="ack-answer-row" data-event={other ? '*' : row.event}>
      <td>
        {other ? (
          <span className="muted">every other event</span>
        ) : (
          <input
            className="input mono"
            value={row.event}
            placeholder="event"
            aria-label="Event name"
            spellCheck={false}
            onKeyDown={noSubmit}
            onChange={(e) => onChange({ ...row, event: e.currentTarget.value })}
            data-testid="ack-answer-event"
          />
        )}
      </td>
      <td>
        <input
          type="checkbox"
          checked={row.hold}
          aria-label="Hold for an answer by hand"
          title="Hold the request: answer it by hand from its detail"
          onChange={(e) => onChange({ ...row, hold: e.currentTarget.checked })}
          data-testid="ack-answer-hold"
        />
      </td>
      <td>
        <input
          className="input mono"
          value={row.args}
          disabled={row.hold}
          aria-label="Answer args (JSON array)"
          spellCheck={false}
          onKeyDown={noSubmit}
          onChange={(e) => onChange({ ...row, args: e.currentTarget.value })}
          data-testid="ack-answer-reply"
        />
      </td>
      <td>
        {!other && (
          <button type="button" className="button button-small" onClick={onRemove} aria-label="Remove">
            ×
          </button>
        )}
      </td>
    </tr>
  );
}
