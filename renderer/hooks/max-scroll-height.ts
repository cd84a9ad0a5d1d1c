// The tallest element this browser lays out: Chromium stops near 33.5 million px, Firefox near 17.9
// million. Below it the timeline scrolls natively, one pixel per pixel, so rows keep their places and
// only rows coming into view are painted; above it (1.5M+ rows in Chromium) the scroll range is compressed.
let measured: number | undefined;

export function maxScrollHeight(): number {
  if (measured !== undefined) return measured;
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;visibility:hidden;top:0;left:0;width:1px;height:1000000000px';
  document.body.appendChild(probe);
  const height = probe.getBoundingClientRect().height;
  probe.remove();
  // A margin under the limit: some engines round scroll offsets near it.
  measured = Math.max(1_000_000, Math.floor(Math.min(height, 1_000_000_000) * 0.9));
  return measured;
}
