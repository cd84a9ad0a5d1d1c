// The size of an element, kept current by a ResizeObserver: the timeline needs its viewport height to
// know how many rows to render, and the charts their width.
import { useLayoutEffect, useState, type RefObject } from 'react';

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** `client`: the inside of the element's scrollbars (clientWidth/clientHeight) instead of its border box. */
export function useElementSize(
  ref: RefObject<HTMLElement | null>,
  box: 'border' | 'client' = 'border',
): Size {
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const read = (): void => {
      const { width, height } =
        box === 'client' ? { width: el.clientWidth, height: el.clientHeight } : el.getBoundingClientRect();
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    };
    read();
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, box]);
  return size;
}
