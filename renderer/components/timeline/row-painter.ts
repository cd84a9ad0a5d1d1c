// Draws the timeline's rows in view onto one canvas. A scroll step repaints a viewport of text in a
// couple of milliseconds with no style, layout or paint of DOM rows: that is what keeps a fast scroll
// through a million records inside a frame (`npm run bench -- ui`). The DOM rows that tests, tooltips
// and assistive technology read are laid over it, invisible, and follow once the scrolling rests.
// A frame that would draw what the canvas already shows is skipped: a live session re-renders the list
// with every batch of records, and while the user reads rows away from the tail none of them changes.
import type { RowCells } from '../../state/record-format';
import type { ColumnLayout, PlacedColumn } from './columns';
import { cellColor, rowAlpha, rowBackground, type Palette, type RowState } from './row-style';

export interface PaintRow extends RowState {
  /** px from the canvas' top; may be negative for a row cut by the top edge. */
  readonly y: number;
  /** undefined: the record is still on its way (a placeholder row is drawn). */
  readonly cells: RowCells | undefined;
}

export interface PaintFrame {
  /** CSS px. */
  readonly width: number;
  readonly height: number;
  readonly rowHeight: number;
  readonly layout: ColumnLayout;
  readonly palette: Palette;
  /** The list's font, as the CSS `font` shorthand. */
  readonly font: string;
  readonly rows: readonly PaintRow[];
}

const SELECTION_BAR = 2;
const ELLIPSIS = '…';
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export class RowPainter {
  private readonly ctx: CanvasRenderingContext2D;
  private font = '';
  private italic = '';
  private charWidth = 0;
  private baseline = 0;
  private rowHeight = 0;
  /** What the canvas shows; undefined once its content may be gone. */
  private shown: PaintFrame | undefined;
  /**
   * Each record's cells as fitted to the columns, for the layout and font they were fitted with: a row
   * scrolling through the view is measured once, not on every frame it is in.
   */
  private fitted = new WeakMap<RowCells, readonly string[]>();
  private fittedFor: { readonly layout: ColumnLayout; readonly font: string } | undefined;
  /** The context's font, fill and alignment as last set: setting them again costs a parse each. */
  private set = { font: '', fill: '', align: '' };

  constructor(private readonly canvas: HTMLCanvasElement) {
    // Opaque: the compositor blends nothing under it, and text keeps subpixel antialiasing.
    const ctx = canvas.getContext('2d', { alpha: false });
    if (ctx === null) throw new Error('a 2D canvas is not available');
    this.ctx = ctx;
    // A restored context starts blank.
    canvas.addEventListener('contextrestored', () => (this.shown = undefined));
  }

  paint(frame: PaintFrame): void {
    const { ctx, canvas } = this;
    const dpr = window.devicePixelRatio || 1;
    const pixelWidth = Math.max(1, Math.round(frame.width * dpr));
    const pixelHeight = Math.max(1, Math.round(frame.height * dpr));
    const resized = canvas.width !== pixelWidth || canvas.height !== pixelHeight;
    if (!resized && this.shown !== undefined && samePicture(this.shown, frame)) return;
    this.shown = frame;
    // Resizing clears the canvas and its state, so it happens only when the size really changed.
    if (resized) {
      canvas.width = pixelWidth;
      canvas.height = pixelHeight;
      canvas.style.width = `${frame.width}px`;
      canvas.style.height = `${frame.height}px`;
      this.font = '';
      // A resized canvas has its context's state reset too.
      this.set = { font: '', fill: '', align: '' };
    }
    if (this.font !== frame.font || this.rowHeight !== frame.rowHeight) this.measure(frame);
    if (this.fittedFor?.layout !== frame.layout || this.fittedFor.font !== frame.font) {
      this.fitted = new WeakMap();
      this.fittedFor = { layout: frame.layout, font: frame.font };
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.globalAlpha = 1;
    this.fill(frame.palette.bg);
    ctx.fillRect(0, 0, frame.width, frame.height);
    for (const row of frame.rows) this.paintRow(frame, row);
  }

  private measure(frame: PaintFrame): void {
    const { ctx } = this;
    this.font = frame.font;
    this.italic = `italic ${frame.font}`;
    this.rowHeight = frame.rowHeight;
    this.setFont(frame.font);
    const m = ctx.measureText('0');
    this.charWidth = m.width;
    // Where CSS puts the baseline of one line centred in the row: half the leading above the ascent.
    const ascent = m.fontBoundingBoxAscent;
    const descent = m.fontBoundingBoxDescent;
    this.baseline = Math.round((frame.rowHeight - (ascent + descent)) / 2 + ascent);
  }

  private paintRow(frame: PaintFrame, row: PaintRow): void {
    const { ctx } = this;
    const { palette: p, rowHeight, width } = frame;
    const kind = row.cells?.kind;
    const background = rowBackground(p, kind, row);
    ctx.globalAlpha = 1;
    if (background !== null) {
      this.fill(background);
      ctx.fillRect(0, row.y, width, rowHeight);
    }
    if (row.selected) {
      this.fill(p.bar);
      ctx.fillRect(0, row.y, SELECTION_BAR, rowHeight);
    }
    ctx.globalAlpha = rowAlpha(kind);
    const y = row.y + this.baseline;
    const texts = this.fittedCells(frame.layout, row.cells);
    const columns = frame.layout.columns;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as PlacedColumn;
      const fitted = texts[i] ?? '';
      if (fitted === '') continue;
      this.setFont(kind === 'lifecycle' && column.key === 'name' ? this.italic : this.font);
      this.fill(cellColor(p, row.cells, column.key));
      if (this.set.align !== column.align) ctx.textAlign = this.set.align = column.align;
      const x =
        column.align === 'right'
          ? column.x + column.width
          : column.align === 'center'
            ? column.x + column.width / 2
            : column.x;
      ctx.fillText(fitted, x, y);
    }
  }

  /** The row's text per column, cut to fit; a row whose record is on its way shows an ellipsis for time. */
  private fittedCells(layout: ColumnLayout, cells: RowCells | undefined): readonly string[] {
    if (cells === undefined)
      return layout.columns.map((c) => (c.key === 'time' ? this.fit(ELLIPSIS, c.width) : ''));
    let texts = this.fitted.get(cells);
    if (texts === undefined) {
      texts = layout.columns.map((c) => (c.width <= 0 ? '' : this.fit(cells[c.key], c.width)));
      this.fitted.set(cells, texts);
    }
    return texts;
  }

  private setFont(font: string): void {
    if (this.set.font !== font) this.ctx.font = this.set.font = font;
  }

  private fill(colour: string): void {
    if (this.set.fill !== colour) this.ctx.fillStyle = this.set.fill = colour;
  }

  /** The text, or as much of it as fits followed by an ellipsis, as `text-overflow: ellipsis` shows it. */
  private fit(text: string, width: number): string {
    return fitText(text, width, this.charWidth, (s) => this.ctx.measureText(s).width);
  }
}

/**
 * Whether two frames draw the same picture: the same inputs, row by row. Cells are compared by identity,
 * as rowCells keeps one object per record.
 */
export function samePicture(a: PaintFrame, b: PaintFrame): boolean {
  if (
    a.width !== b.width ||
    a.height !== b.height ||
    a.rowHeight !== b.rowHeight ||
    a.layout !== b.layout ||
    a.palette !== b.palette ||
    a.font !== b.font ||
    a.rows.length !== b.rows.length
  )
    return false;
  for (let i = 0; i < a.rows.length; i++) {
    const x = a.rows[i] as PaintRow;
    const y = b.rows[i] as PaintRow;
    if (
      x.y !== y.y ||
      x.cells !== y.cells ||
      x.selected !== y.selected ||
      x.hit !== y.hit ||
      x.hover !== y.hover
    )
      return false;
  }
  return true;
}

/**
 * Printable ASCII in a monospace font is counted, not measured: the common case costs no measureText.
 * Anything else (a CJK name, an emoji) is measured and cut by bisection.
 */
export function fitText(
  text: string,
  width: number,
  charWidth: number,
  measure: (s: string) => number,
): string {
  if (PRINTABLE_ASCII.test(text)) {
    if (text.length * charWidth <= width + 0.01) return text;
    const chars = Math.floor(width / charWidth) - 1;
    return chars <= 0 ? '' : text.slice(0, chars) + ELLIPSIS;
  }
  if (measure(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(text.slice(0, mid) + ELLIPSIS) <= width) lo = mid;
    else hi = mid - 1;
  }
  // Never end on half of a surrogate pair.
  const cut = lo > 0 && /[\ud800-\udbff]/.test(text[lo - 1] ?? '') ? lo - 1 : lo;
  return cut === 0 ? '' : text.slice(0, cut) + ELLIPSIS;
}
