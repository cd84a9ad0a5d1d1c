import { describe, expect, it } from 'vitest';
import { analyzeSequence, type SequenceStep } from '../../../../shared/analysis/sequence';
import {
  connect,
  connectError,
  disconnect,
  noop,
  open,
  probe,
  probeAnswer,
  Session,
  sioError,
  upgrade,
  v3PollingSession,
  v4PollingUpgradeSession,
  v4WebsocketSession,
} from './records';

/** The steps as `name dir nsp ms→anchor ok`, to compare whole sequences at a glance. */
function brief(steps: readonly SequenceStep[]): string[] {
  return steps.map(
    (s) =>
      `${s.step} ${s.dir ?? '-'}${s.nsp === undefined ? '' : ` ${s.nsp}`} ${s.ms ?? '-'}→${s.anchor ?? '-'}${s.ok ? '' : ' FAILED'}`,
  );
}

describe('analyzeSequence', () => {
  it('lays out a polling handshake with an upgrade, timing replies from what they answer', () => {
    const { records, frames } = v4PollingUpgradeSession();
    const a = analyzeSequence(records);
    expect(brief(a.steps)).toEqual([
      'open in -→-',
      'CONNECT out / 4→0',
      'CONNECT in / 3→1',
      'ws-open - 2→2',
      '2probe out 1→3',
      '3probe in 3→4',
      'noop in 4→4',
      'upgrade out 2→5',
    ]);
    expect(a.steps[0]).toEqual({
      step: 'open',
      dir: 'in',
      t: 0,
      frame: frames.open,
      transport: 'polling',
      ms: null,
      anchor: null,
      ok: true,
    });
    expect(a.steps.map((s) => s.frame)).toEqual([
      frames.open,
      frames.connectOut,
      frames.connectIn,
      null,
      frames.probe,
      frames.probeAnswer,
      frames.noop,
      frames.upgrade,
    ]);
    expect(a.upgrade).toEqual({ wsOpen: 3, probe: 4, probeAnswer: 5, noop: 6, upgrade: 7 });
    expect(a.stoppedAt).toBeNull();
  });

  it('does not take the websocket of a websocket-only session for an upgrade', () => {
    const a = analyzeSequence(v4WebsocketSession().records);
    expect(brief(a.steps)).toEqual(['ws-open - -→-', 'open in 2→0', 'CONNECT out / 1→1', 'CONNECT in / 2→2']);
    expect(a.upgrade).toEqual({ wsOpen: null, probe: null, probeAnswer: null, noop: null, upgrade: null });
    expect(a.stoppedAt).toBeNull();
  });

  it('shows the v4 server connecting / unasked', () => {
    const a = analyzeSequence(v3PollingSession().records);
    expect(brief(a.steps)).toEqual(['open in -→-', 'CONNECT in / 0→0']);
    expect(a.stoppedAt).toBeNull();
  });

  it('stops at the 2probe the server never answered', () => {
    const s = new Session();
    s.at(0).in('polling', open()).at(5).lifecycle('ws-open').at(6).out('websocket', probe());
    const a = analyzeSequence(s.records);
    expect(a.stoppedAt).toEqual({ index: 2, expected: '3probe' });
  });

  it('stops at ws-open when no probe followed, and at 3probe when no upgrade did', () => {
    const s = new Session();
    s.in('polling', open()).lifecycle('ws-open');
    expect(analyzeSequence(s.records).stoppedAt).toEqual({ index: 1, expected: '2probe' });
    s.out('websocket', probe()).in('websocket', probeAnswer()).in('polling', noop());
    expect(analyzeSequence(s.records).stoppedAt).toEqual({ index: 4, expected: 'upgrade' });
  });

  it('keeps only the first noop of an upgrade (engine.io repeats it every 100 ms) and none outside one', () => {
    const s = new Session();
    s.in('polling', open()).in('polling', noop());
    s.out('websocket', probe()).in('polling', noop()).in('polling', noop()).in('websocket', probeAnswer());
    s.out('websocket', upgrade()).in('polling', noop());
    const a = analyzeSequence(s.records);
    expect(brief(a.steps).map((b) => b.split(' ')[0])).toEqual([
      'open',
      '2probe',
      'noop',
      '3probe',
      'upgrade',
    ]);
    expect(a.stoppedAt).toBeNull();
  });

  it('marks a 3probe nobody asked for, and the upgrade that relied on it, as failed', () => {
    const s = new Session();
    s.at(0).in('polling', open()).at(1).in('websocket', probeAnswer()).at(2).out('websocket', upgrade());
    const a = analyzeSequence(s.records);
    expect(brief(a.steps)).toEqual(['open in -→-', '3probe in 1→0 FAILED', 'upgrade out 1→1 FAILED']);
    expect(a.upgrade).toMatchObject({ probe: null, probeAnswer: null, upgrade: 2 });
  });

  it('stops at a refused namespace (v5 CONNECT_ERROR), timed from its CONNECT', () => {
    const s = new Session();
    s.at(0)
      .in('websocket', open())
      .at(1)
      .out('websocket', connect('/'))
      .at(2)
      .out('websocket', connect('/admin'));
    s.at(4)
      .in('websocket', connect('/', { sid: 'a' }))
      .at(9)
      .in('websocket', connectError('/admin', { message: 'no' }));
    const a = analyzeSequence(s.records);
    expect(brief(a.steps)).toEqual([
      'open in -→-',
      'CONNECT out / 1→0',
      'CONNECT out /admin 1→1',
      'CONNECT in / 3→1',
      'CONNECT_ERROR in /admin 7→2 FAILED',
    ]);
    expect(a.stoppedAt).toEqual({ index: 4, expected: null });
  });

  it('stops at a v4 ERROR before the connect, but an ERROR on a connected namespace is no step', () => {
    const s = new Session();
    s.in('polling', open(), connect('/')).out('polling', connect('/chat?token=1'));
    s.in('polling', sioError('/', 'boom')).in('polling', sioError('/chat', 'Invalid namespace'));
    const a = analyzeSequence(s.records);
    expect(brief(a.steps)).toEqual([
      'open in -→-',
      'CONNECT in / 0→0',
      'CONNECT out /chat 0→1',
      'ERROR in /chat 0→2 FAILED',
    ]);
    expect(a.stoppedAt).toEqual({ index: 3, expected: null });
  });

  it('does not stop at a refusal the client got past by asking again', () => {
    const s = new Session();
    s.in('websocket', open())
      .out('websocket', connect('/a'))
      .in('websocket', connectError('/a', { message: 'x' }));
    s.out('websocket', connect('/a', { token: 't' })).in('websocket', connect('/a', { sid: 's' }));
    expect(analyzeSequence(s.records).stoppedAt).toBeNull();
  });

  it('does not count a later DISCONNECT as a stop', () => {
    const s = new Session();
    s.in('websocket', open())
      .out('websocket', connect('/'))
      .in('websocket', connect('/', { sid: 's' }));
    s.in('websocket', disconnect('/'));
    expect(analyzeSequence(s.records).stoppedAt).toBeNull();
  });

  it('does not wait for an answer to a CONNECT the client withdrew', () => {
    const s = new Session();
    s.in('websocket', open()).out('websocket', connect('/a')).out('websocket', disconnect('/a'));
    expect(analyzeSequence(s.records).stoppedAt).toBeNull();
  });

  it('stops at a CONNECT that was never answered, the earliest stop winning', () => {
    const s = new Session();
    s.in('polling', open()).out('polling', connect('/')).lifecycle('ws-open').out('websocket', probe());
    expect(analyzeSequence(s.records).stoppedAt).toEqual({ index: 1, expected: 'CONNECT' });
  });

  it('stops at a malformed open', () => {
    const s = new Session();
    s.in('polling', {
      eio: { type: 'open', data: '{' },
      error: { code: 'EIO_INVALID_HANDSHAKE', message: 'not JSON' },
    });
    const a = analyzeSequence(s.records);
    expect(brief(a.steps)).toEqual(['open in -→- FAILED']);
    expect(a.stoppedAt).toEqual({ index: 0, expected: null });
  });

  it('waits for open when none came', () => {
    const ws = new Session().lifecycle('ws-open');
    expect(analyzeSequence(ws.records).stoppedAt).toEqual({ index: 0, expected: 'open' });
    const http = new Session().lifecycle('http-request', { status: 400 }).lifecycle('closed');
    expect(analyzeSequence(http.records)).toEqual({
      steps: [],
      stoppedAt: { index: null, expected: 'open' },
      upgrade: { wsOpen: null, probe: null, probeAnswer: null, noop: null, upgrade: null },
    });
  });

  it('has nothing to say about no records', () => {
    expect(analyzeSequence([])).toEqual({
      steps: [],
      stoppedAt: null,
      upgrade: { wsOpen: null, probe: null, probeAnswer: null, noop: null, upgrade: null },
    });
  });
});
