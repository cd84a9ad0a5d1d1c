import { describe, expect, it } from 'vitest';
import {
  linearScale,
  logScale,
  msLabel,
  niceTicks,
} from '../../../../../renderer/components/heartbeat/chart-scale';

describe('chart scales', () => {
  it('maps a linear domain onto a range, inverted for SVG y', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(y(100)).toBe(0);
  });

  it('picks round ticks', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 26_000, 4)).toEqual([0, 10_000, 20_000]);
    expect(niceTicks(1, 1, 5)).toEqual([1]);
  });

  it('log scale puts decades evenly and clamps zero to the bottom', () => {
    const y = logScale([0.1, 1000], [400, 0]);
    expect(y(0.1)).toBe(400);
    expect(y(1000)).toBeCloseTo(0);
    expect(y(1) - y(10)).toBeCloseTo(y(10) - y(100));
    expect(y(0)).toBe(400);
    expect(y.ticks).toEqual([0.1, 1, 10, 100, 1000]);
  });

  it('labels ms for people', () => {
    expect(msLabel(250)).toBe('250 ms');
    expect(msLabel(25_000)).toBe('25 s');
    expect(msLabel(1500)).toBe('1.5 s');
  });
});
