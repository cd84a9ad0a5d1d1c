// A value kept in localStorage (recent connections, emit history): it survives a reload in the browser
// and in Electron alike. Storage can be full or disabled; then the value lives for the page only.
import { useCallback, useState } from 'react';

export function useLocalStorage<T>(key: string, parse: (text: string | null) => T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => parse(read(key)));
  const store = useCallback(
    (next: T) => {
      setValue(next);
      try {
        localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Quota or privacy mode: keeping it in memory is the best there is.
      }
    },
    [key],
  );
  return [value, store];
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
