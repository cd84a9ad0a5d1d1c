import { describe, expect, it } from 'vitest';
import { SequenceDiagram } from '../../../../../renderer/components/sequence/sequence-diagram';
import { SequenceView } from '../../../../../renderer/components/sequence/sequence-view';
import type { SessionStore } from '../../../../../renderer/state/session-store';
import { recordedSession } from '../../../../support/session-fixtures';
import { close, connect, open, probe, Session, v4WebsocketSession } from '../../../shared/analysis/records';
import { all, figure, hasClass, one, render, text, type Element } from '../../support/render';
import { analysedSession } from '../../support/session';

const view = (store: SessionStore): Element =>
  render(<SequenceView store={store} onFrame={() => undefined} />);
const laneLabels = (page: Element): string[] =>
  all(page, { className: 'seq-lane' }).map((lane) => all(lane, { tag: 'text' }).map(text).join(' | '));

/** Polling open and CONNECT, a websocket probe the server never answers, then the server closes. */
function stalledUpgrade(): Session {
  return new Session()
    .at(0)
    .in('polling', open())
    .at(4)
    .out('polling', connect('/'))
    .at(7)
    .in('polling', connect('/', { sid: 'SOCKET1' }))
    .at(9)
    .lifecycle('ws-open', { transport: 'websocket' })
    .at(10)
    .out('websocket', probe())
    .at(9000)
    .in('polling', close());
}

describe('SequenceView', () => {
  it('states what a recorded socket.io 4 session negotiated', async () => {
    const page = view(await analysedSession(recordedSession('socketio4-upgrade')));
    expect(figure(page, 'fact-engine-io')).toBe('v4');
    expect(one(page, { testId: 'fact-engine-io' }).attrs.title).toBe('decided by decoder');
    expect(figure(page, 'fact-transport')).toBe('websocket');
    expect(figure(page, 'fact-upgrade')).toMatch(/^completed in \d+ ms$/);
    expect(figure(page, 'fact-probe')).toMatch(/^\d+ ms$/);
    // /admin was refused once and joined on the next try.
    const chips = all(one(page, { testId: 'fact-namespaces' }), { className: 'chip' });
    expect(chips.map(text)).toEqual(['/ ✓', '/admin ✓']);
    expect(all(page, { className: 'fact-bad' })).toHaveLength(0);
  });

  it('draws one arrow per step and marks the refused namespace CONNECT as the failing one', async () => {
    const records = recordedSession('socketio4-upgrade');
    const store = await analysedSession(records);
    const page = view(store);
    const steps = all(page, { testId: 'sequence-step' });
    const labels = steps.map((s) => text(one(s, { className: 'seq-label' })));
    expect(labels).toEqual([
      'open',
      'CONNECT /',
      'CONNECT /',
      '2probe',
      '3probe',
      'upgrade',
      'CONNECT /admin',
      '✕ CONNECT_ERROR /admin',
      'CONNECT /admin',
      'CONNECT /admin',
    ]);
    const bad = steps.filter((s) => hasClass(s, 'seq-bad'));
    expect(bad).toHaveLength(1);
    expect(text(one(bad[0]!, { className: 'seq-detail' }))).toBe('websocket · refused');
    // Every step is a packet, so each one leads to its frame.
    expect(steps.every((s) => s.attrs.role === 'button')).toBe(true);
    const [step, time] = all(bad[0]!, { tag: 'title' }).map(text);
    expect(step).toMatch(/^CONNECT_ERROR \/admin: show frame \d+ in the timeline$/);
    // The time says what it counts from (a file without a start has no wall clock to add).
    expect(time).toMatch(/^since the session started/);
  });

  it('names the client lane sio-inspector only for the app’s own live connection', async () => {
    const records = recordedSession('python-socketio-websocket');
    const own = view(await analysedSession(records, { kind: 'live', state: 'open' }));
    expect(laneLabels(own)).toEqual(['Client | sio-inspector', 'Server']);
    const proxied = view(
      await analysedSession(records, {
        kind: 'live',
        state: 'open',
        proxy: { listen: 'http://127.0.0.1:8080', target: 'http://127.0.0.1:3000' },
      }),
    );
    expect(laneLabels(proxied)).toEqual(['Client', 'Server']);
    expect(laneLabels(view(await analysedSession(records)))).toEqual(['Client', 'Server']);
  });

  it('shows an upgrade that stopped at the probe: the step that never came, a bad upgrade fact, the close', async () => {
    const page = view(await analysedSession(stalledUpgrade().records));
    const upgrade = one(page, { testId: 'fact-upgrade' });
    expect(text(one(upgrade, { tag: 'dd' }))).toBe('stopped after 2probe');
    expect(hasClass(upgrade, 'fact-bad')).toBe(true);
    expect(hasClass(one(page, { testId: 'fact-closed' }), 'fact-bad')).toBe(true);
    const steps = all(page, { testId: 'sequence-step' });
    const last = steps[steps.length - 1]!;
    expect(hasClass(last, 'seq-missing')).toBe(true);
    expect(text(one(last, { className: 'seq-label' }))).toBe('✕ 3probe never came');
    // The websocket opening is a divider without a frame of its own: nothing to click.
    const divider = one(page, { className: 'seq-divider' });
    expect(text(one(divider, { className: 'seq-label' }))).toBe('websocket opened');
    expect(divider.attrs.role).toBeUndefined();
  });

  it('offers a picker with one button per connection, the first one shown', async () => {
    const counter = { next: 0 };
    const records = [
      ...v4WebsocketSession('c1', counter).records,
      ...v4WebsocketSession('c2', counter).records,
    ].sort((a, b) => a.t - b.t);
    const page = view(await analysedSession(records));
    const buttons = all(one(page, { role: 'group' }), { tag: 'button' });
    expect(buttons.map(text)).toEqual(['c1 · EIOSID', 'c2 · EIOSID']);
    expect(buttons.map((b) => b.attrs['aria-pressed'])).toEqual(['true', 'false']);
  });
});

describe('SequenceDiagram', () => {
  it('says there is no handshake yet instead of drawing empty lanes', () => {
    const page = render(
      <SequenceDiagram
        sequence={{
          steps: [],
          stoppedAt: null,
          upgrade: { wsOpen: null, probe: null, probeAnswer: null, noop: null, upgrade: null },
        }}
        client=""
        onStep={() => undefined}
      />,
    );
    expect(text(one(page, { testId: 'sequence-diagram' }))).toBe('No handshake yet.');
    expect(all(page, { tag: 'svg' })).toHaveLength(0);
  });
});
