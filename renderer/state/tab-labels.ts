// What each session tab reads. Tabs are narrow: a long title keeps its end in sight beside its start (a
// replay's target, a URL's port and path), the ellipsis going in the middle, and tabs whose titles are
// the same (three replays of one file to one server, a reconnect) carry their number in the order they
// were opened. The whole title is the tab's tooltip.

export interface TabLabel {
  /** Shown as far as the tab has room, cut off with an ellipsis. */
  readonly head: string;
  /** Always shown whole: the end of a long title and the tab's number among same-titled tabs. */
  readonly tail: string;
}

/** Characters of a long title kept in sight at its end. */
const TAIL_CHARS = 16;
/** A replay's or a proxy's target is kept whole after its arrow up to this length. */
const TARGET_CHARS = 32;
const ARROW = ' → ';

/** One label per title, in tab order. */
export function tabLabels(titles: readonly string[]): TabLabel[] {
  const shorts = titles.map(shortTitle);
  const total = new Map<string, number>();
  for (const short of shorts) total.set(short, (total.get(short) ?? 0) + 1);
  const seen = new Map<string, number>();
  return shorts.map((short) => {
    const nth = (seen.get(short) ?? 0) + 1;
    seen.set(short, nth);
    const number = (total.get(short) ?? 0) > 1 ? ` #${nth}` : '';
    const split = tailStart(short);
    return { head: short.slice(0, split), tail: short.slice(split) + number };
  });
}

function tailStart(short: string): number {
  if (short.length <= 2 * TAIL_CHARS) return short.length;
  const arrow = short.lastIndexOf(ARROW);
  if (arrow > 0 && short.length - arrow <= TARGET_CHARS) return arrow;
  return short.length - TAIL_CHARS;
}

/** URLs without their scheme, the title without a trailing slash: the toolbar shows the whole title. */
export function shortTitle(title: string): string {
  return title.replace(/\b[a-z][a-z0-9+.-]*:\/\//gi, '').replace(/\/$/, '');
}
