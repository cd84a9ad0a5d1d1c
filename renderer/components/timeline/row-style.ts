// How a painted timeline row looks: its colours by kind and state, resolved once from the theme's CSS
// variables (styles/theme.css), so the canvas and the rest of the app change scheme together.
import type { RowCells, RowKind } from '../../state/record-format';
import type { ColumnKey } from './columns';

export interface Palette {
  readonly bg: string;
  readonly hover: string;
  readonly selected: string;
  readonly selectedError: string;
  readonly hit: string;
  readonly errorBg: string;
  /** The selected row's bar at its left edge. */
  readonly bar: string;
  readonly text: string;
  readonly muted: string;
  readonly faint: string;
  readonly out: string;
  readonly in: string;
  readonly kinds: Readonly<Record<RowKind, string>>;
}

const KINDS: readonly RowKind[] = [
  'handshake',
  'heartbeat',
  'probe',
  'upgrade',
  'connect',
  'disconnect',
  'event',
  'ack',
  'binary',
  'message',
  'close',
  'noop',
  'lifecycle',
  'error',
];

/** Resolves the palette against `within`'s styles; `color-mix()` and `var()` come back as plain colours. */
export function readPalette(within: HTMLElement): Palette {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  within.appendChild(probe);
  const color = (css: string): string => {
    probe.style.color = '';
    probe.style.color = css;
    return getComputedStyle(probe).color;
  };
  try {
    return {
      bg: color('var(--bg)'),
      hover: color('var(--bg-hover)'),
      selected: color('var(--bg-selected)'),
      selectedError: color('color-mix(in srgb, var(--bad) 22%, var(--bg-selected))'),
      hit: color('var(--hit-bg)'),
      errorBg: color('var(--bad-bg)'),
      bar: color('var(--accent)'),
      text: color('var(--k-message)'),
      muted: color('var(--muted)'),
      faint: color('var(--faint)'),
      out: color('var(--accent)'),
      in: color('var(--ok)'),
      kinds: Object.fromEntries(KINDS.map((k) => [k, color(`var(--k-${k})`)])) as Record<RowKind, string>,
    };
  } finally {
    probe.remove();
  }
}

export interface RowState {
  readonly selected: boolean;
  readonly hit: boolean;
  readonly hover: boolean;
}

/** The row's background over the list's, or null for none. An error row stays red under a hit or hover. */
export function rowBackground(p: Palette, kind: RowKind | undefined, s: RowState): string | null {
  const error = kind === 'error';
  if (s.selected) return error ? p.selectedError : p.selected;
  if (error) return p.errorBg;
  if (s.hit) return p.hit;
  if (s.hover) return p.hover;
  return null;
}

/** Heartbeats and noops recede: they are most of a quiet session's rows and rarely what one looks for. */
export function rowAlpha(kind: RowKind | undefined): number {
  return kind === 'heartbeat' ? 0.62 : kind === 'noop' ? 0.55 : 1;
}

/** Colour by kind: the packet-type columns carry it, the rest stays calm. `cells` undefined: pending. */
export function cellColor(p: Palette, cells: RowCells | undefined, key: ColumnKey): string {
  if (cells === undefined) return p.faint;
  const kind = cells.kind;
  if (kind === 'error' && (key === 'eio' || key === 'sio' || key === 'name' || key === 'preview'))
    return p.kinds.error;
  switch (key) {
    case 'time':
    case 'conn':
    case 'size':
    case 'transport':
    case 'nsp':
      return p.muted;
    case 'preview':
      return kind === 'lifecycle' ? p.faint : p.muted;
    case 'dir':
      return cells.dir === '→' ? p.out : cells.dir === '←' ? p.in : p.faint;
    case 'eio':
      return EIO_COLOURED.has(kind) ? p.kinds[kind] : p.text;
    case 'sio':
      return SIO_COLOURED.has(kind) ? p.kinds[kind] : p.text;
    case 'name':
      return NAME_COLOURED.has(kind) ? p.kinds[kind] : p.text;
  }
}

const EIO_COLOURED = new Set<RowKind>(['handshake', 'heartbeat', 'probe', 'upgrade', 'close']);
const SIO_COLOURED = new Set<RowKind>(['connect', 'disconnect', 'event', 'ack', 'binary']);
const NAME_COLOURED = new Set<RowKind>(['handshake', 'event', 'ack', 'binary', 'lifecycle']);
