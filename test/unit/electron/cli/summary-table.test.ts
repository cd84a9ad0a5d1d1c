import { describe, expect, it } from 'vitest';
import { formatSummaryTable } from '../../../../electron/cli/summary-table';
import { palette } from '../../../../electron/cli/pretty';
import { summarizeSession } from '../../../../shared/analysis/summary';
import { recordedSession } from '../../../support/session-fixtures';

describe('formatSummaryTable', () => {
  it('is a short aligned table per connection, one row per part that happened', () => {
    const text = formatSummaryTable(summarizeSession(recordedSession('socketio2-upgrade')), palette(false));
    const lines = text.split('\n');
    expect(lines[0]).toBe('summary c1  Engine.IO v3');
    expect(lines.slice(1).map((l) => l.slice(0, 14).trimEnd())).toEqual([
      '  handshake',
      '  transport',
      '  namespaces',
      '',
      '  heartbeat',
      '  acks',
      '  findings',
    ]);
    // Every value starts in the same column.
    for (const line of lines.slice(1))
      expect([line[13], line[14]]).toEqual([' ', expect.stringMatching(/\S/)]);
    expect(text).toContain('websocket, upgraded from polling');
    expect(text).toContain('/admin  connected');
    expect(text).toContain('NAMESPACE_REFUSED #17  server refused /admin: "unauthorized"');
    expect(text).not.toContain('null');
  });

  it('says how many pings a long unanswered run made the heartbeat give up on', () => {
    const [c] = summarizeSession(recordedSession('socketio2-upgrade')).connections;
    if (c === undefined) throw new Error('no connection');
    const heartbeat = { ...c.heartbeat, dropped: 12_000, unmeasured: 300, unjudged: 2 };
    const text = formatSummaryTable({ connections: [{ ...c, heartbeat }] }, palette(false));
    expect(text).toContain('12,000 given up on (300 of their pongs not timed, 2 not judged)');
    expect(formatSummaryTable({ connections: [c] }, palette(false))).not.toContain('given up');
  });

  it('says how many findings of each code the summary counted without listing them', () => {
    const [c] = summarizeSession(recordedSession('socketio2-upgrade')).connections;
    if (c === undefined) throw new Error('no connection');
    const text = formatSummaryTable(
      { connections: [{ ...c, findingsOmitted: { ACK_UNANSWERED: 136_005, PONG_SLOW: 2 } }] },
      palette(false),
    );
    expect(text.split('\n').at(-1)).toBe(
      '              not listed: 136,005 more ACK_UNANSWERED, 2 more PONG_SLOW',
    );
  });

  it('says when there is no connection at all', () => {
    expect(formatSummaryTable({ connections: [] }, palette(false))).toBe(
      'summary  no connection in the records',
    );
  });
});
