// useState whose value outlives the component: it is kept in Drafts under `key` and read back when the
// component mounts again (a tab switched back to).
import { useCallback, useState } from 'react';
import type { Drafts } from '../state/drafts';

type Update<T> = T | ((previous: T) => T);

export function useDraft<T>(
  drafts: Drafts,
  key: string,
  initial: T | (() => T),
): [T, (next: Update<T>) => void] {
  const [value, setValue] = useState<T>(() => {
    const kept = drafts.get<T>(key);
    if (kept !== undefined) return kept;
    return typeof initial === 'function' ? (initial as () => T)() : initial;
  });
  const set = useCallback(
    (next: Update<T>) =>
      setValue((previous) => {
        const value = typeof next === 'function' ? (next as (previous: T) => T)(previous) : next;
        drafts.set(key, value);
        return value;
      }),
    [drafts, key],
  );
  return [value, set];
}
