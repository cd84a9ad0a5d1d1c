// Namespace joins one by one: a retry after a refusal and a rejoin after a leave are joins of their own,
// a v4 server's unasked CONNECT for `/` is one too, and a v4 ERROR on a connected namespace is not a
// refusal.
import { describe, expect, it } from 'vitest';
import { JoinTracker } from '../../../../shared/analysis/joins';
import { decodeFrames, type FrameInput } from '../../../../shared/protocol/session-decoder';
import { isLifecycle, type EioVersion } from '../../../../shared/record';

const OPEN = '0{"sid":"S","upgrades":[],"pingInterval":25000,"pingTimeout":20000}';

function track(eio: EioVersion, steps: readonly (readonly ['in' | 'out', string])[]): string[] {
  const frames = [['in', OPEN] as const, ...steps].map(([dir, text], t): FrameInput => ({
    t,
    dir,
    transport: 'websocket',
    text,
  }));
  const tracker = new JoinTracker();
  for (const r of decodeFrames(frames, { eio })) if (!isLifecycle(r)) tracker.push(r);
  return tracker.joins.map(
    (j) =>
      `${j.nsp} #${j.number} ${j.request === null ? 'unasked' : 'asked'} ${j.outcome}` +
      `${j.error === undefined ? '' : ` (${j.error.message})`}${j.endedBy === null ? '' : ` left by ${j.endedBy}`} answers ${j.answers}`,
  );
}

describe('JoinTracker', () => {
  it('makes a join of each CONNECT: refused, retried, left and joined again', () => {
    expect(
      track(4, [
        ['out', '40/admin,{"token":"A"}'],
        ['in', '44/admin,{"message":"unauthorized"}'],
        ['out', '40/admin,{"token":"B"}'],
        ['in', '40/admin,{"sid":"x"}'],
        ['in', '42/admin,["welcome"]'],
        ['out', '42/admin,["note"]'],
        ['out', '41/admin,'],
        ['out', '40/admin,{"token":"B"}'],
        ['in', '40/admin,{"sid":"y"}'],
        ['in', '41/admin,'],
      ]),
    ).toEqual([
      '/admin #1 asked refused (unauthorized) answers 0',
      '/admin #2 asked accepted left by client answers 1',
      '/admin #3 asked accepted left by server answers 0',
    ]);
  });

  it('counts a v4 server connecting `/` unasked as a join, and a v4 ERROR once connected as an answer', () => {
    expect(
      track(3, [
        ['in', '40'],
        ['out', '40/admin?token=t,'],
        ['in', '40/admin,'],
        ['in', '44/admin,"later trouble"'],
        ['out', '40/other,'],
        ['in', '44/other,"unauthorized"'],
      ]),
    ).toEqual([
      '/ #1 unasked accepted answers 0',
      '/admin #1 asked accepted answers 0',
      '/other #1 asked refused (unauthorized) answers 0',
    ]);
  });
});
