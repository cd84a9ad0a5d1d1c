import { describe, expect, it } from 'vitest';
import { analyzeClose, closeAt, closeHistory } from '../../../../shared/analysis/close';
import { close, message, open, Session, v4WebsocketSession } from './records';

describe('analyzeClose', () => {
  it('takes the reason of the closed record first', () => {
    const { records } = v4WebsocketSession();
    expect(analyzeClose(records)).toEqual({ reason: 'io client disconnect', t: 80001, frame: null });
  });

  it('says who sent the close packet when no closed record says more', () => {
    const s = new Session();
    s.in('websocket', open());
    const frame = s.at(9).in('websocket', close()).lastFrame;
    s.at(10).out('websocket', close());
    expect(analyzeClose(s.records)).toEqual({ reason: 'server sent a close packet', t: 9, frame });
  });

  it('falls back to the transport going away when nothing followed it', () => {
    const s = new Session();
    s.in('websocket', open()).at(3).lifecycle('ws-close', { code: 1006, frame: 2 });
    s.lifecycle('transport-error', { message: 'later noise' });
    expect(analyzeClose(s.records)).toEqual({ reason: 'websocket closed with code 1006', t: 3, frame: 2 });
    const t = new Session();
    t.lifecycle('transport-error', { message: 'ECONNREFUSED' });
    expect(analyzeClose(t.records).reason).toBe('transport error: ECONNREFUSED');
    const u = new Session();
    u.lifecycle('ws-close', { code: 1000, reason: 'bye' });
    expect(analyzeClose(u.records).reason).toBe('websocket closed with code 1000: bye');
  });

  it('does not count a transport that closed while packets kept coming (a failed upgrade websocket)', () => {
    const s = new Session();
    s.in('polling', open()).lifecycle('ws-close', { code: 1006 }).in('polling', message('still polling'));
    expect(analyzeClose(s.records)).toEqual({ reason: null, t: null, frame: null });
  });

  it('says "closed" for a closed record without a reason', () => {
    expect(analyzeClose(new Session().lifecycle('closed').records).reason).toBe('closed');
  });

  it('has nothing to say about no records', () => {
    expect(analyzeClose([])).toEqual({ reason: null, t: null, frame: null });
  });

  it('says at any time what the records up to then say, each reason from its own record', () => {
    const s = new Session();
    s.at(1).in('polling', open());
    s.at(2).lifecycle('ws-close', { code: 1006 });
    s.at(3).in('polling', message('still polling'));
    const frame = s.at(4).out('polling', close()).lastFrame;
    s.at(5).lifecycle('closed', { reason: 'io client disconnect' });
    const history = closeHistory(s.records);
    for (const r of s.records) {
      expect(closeAt(history, r.t)).toEqual(analyzeClose(s.records.filter((x) => x.t <= r.t)));
    }
    expect(closeAt(history, 2.5)).toEqual({ reason: 'websocket closed with code 1006', t: 2, frame: null });
    expect(closeAt(history, 3)).toEqual({ reason: null, t: null, frame: null });
    expect(closeAt(history, 4)).toEqual({ reason: 'client sent a close packet', t: 4, frame });
    expect(closeAt(history, 5)).toEqual({ reason: 'io client disconnect', t: 5, frame: null });
    expect(closeAt(history, 0)).toEqual({ reason: null, t: null, frame: null });
  });
});
