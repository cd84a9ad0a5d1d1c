import { describe, expect, it } from 'vitest';
import {
  FINDING_CODES,
  FINDING_KINDS,
  finding,
  FindingLog,
  sortFindings,
} from '../../../../shared/analysis/findings';

describe('finding', () => {
  it('takes its severity from the catalog', () => {
    expect(finding('ACK_UNANSWERED', 4, 'm')).toEqual({
      code: 'ACK_UNANSWERED',
      severity: 'warning',
      message: 'm',
      frame: 4,
    });
    expect(finding('HEARTBEAT_TIMEOUT', null, 'm').severity).toBe('error');
    expect(finding('NAMESPACE_DISCONNECTED', 1, 'm').severity).toBe('info');
  });

  it('lists every code once, each with a severity and a title', () => {
    expect(new Set(FINDING_CODES).size).toBe(FINDING_CODES.length);
    for (const code of FINDING_CODES) {
      expect(['error', 'warning', 'info']).toContain(FINDING_KINDS[code].severity);
      expect(FINDING_KINDS[code].title.length).toBeGreaterThan(0);
    }
  });
});

describe('sortFindings', () => {
  it('orders by frame, keeps the order within a frame, and puts findings without a frame last', () => {
    const a = finding('DECODE_ERROR', 5, 'a');
    const b = finding('ACK_UNKNOWN', 2, 'b');
    const c = finding('HANDSHAKE_MISSING', null, 'c');
    const d = finding('ACK_DUPLICATE', 5, 'd');
    const e = finding('PONG_SLOW', 0, 'e');
    const input = [a, b, c, d, e];
    expect(sortFindings(input)).toEqual([e, b, a, d, c]);
    expect(input).toEqual([a, b, c, d, e]);
  });
});

describe('FindingLog', () => {
  it('holds nothing until its first finding, then lists the first examples and counts the rest', () => {
    // A summary keeps several logs for each of thousands of connections; most never log anything.
    const log = new FindingLog(2);
    expect(log.listing('ACK_UNANSWERED')).toBe(true);
    expect(log.omitted()).toEqual({});
    expect(log.empty).toBe(true);
    for (let frame = 0; frame < 3; frame++) log.push(finding('ACK_UNANSWERED', frame, 'no ACK'));
    log.count('ACK_UNANSWERED');
    expect(log.empty).toBe(false);
    expect(log.list.map((f) => f.frame)).toEqual([0, 1]);
    expect(log.listing('ACK_UNANSWERED')).toBe(false);
    expect(log.omitted()).toEqual({ ACK_UNANSWERED: 2 });
  });
});
