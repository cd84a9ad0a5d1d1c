// Scales and ticks for the SVG charts. Pong latency spans 1 ms to pingTimeout (20 s): a log scale shows
// both a healthy 1 ms pong and the deadline on one axis.

export interface Scale {
  (value: number): number;
  readonly ticks: readonly number[];
}

export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
  tickCount = 5,
): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 === 0 ? 1 : d1 - d0;
  const f = (v: number): number => r0 + ((v - d0) / span) * (r1 - r0);
  return Object.assign(f, { ticks: niceTicks(d0, d1, tickCount) });
}

/** Values ≤ 0 are drawn at the bottom of the domain (a 0 ms pong). */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const lo = Math.log10(Math.max(domain[0], 1e-3));
  const hi = Math.log10(Math.max(domain[1], domain[0] * 10));
  const [r0, r1] = range;
  const f = (v: number): number => r0 + ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * (r1 - r0);
  const ticks: number[] = [];
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) ticks.push(10 ** e);
  return Object.assign(f, { ticks });
}

/** About `count` round ticks covering [min, max] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min || count < 1) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Axis label for ms: `250 ms`, `25 s`, `1.5 s`. */
export function msLabel(ms: number): string {
  if (ms >= 1000) return `${Number((ms / 1000).toPrecision(3))} s`;
  if (ms >= 1) return `${Number(ms.toPrecision(3))} ms`;
  return `${ms} ms`;
}
