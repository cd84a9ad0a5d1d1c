// A value kept in localStorage (recent connections, emit history): it survives a reload in the browser
// and in Electron alike. Storage can be full or disabled; then the value lives for the page only.
import { useCallback, useState } from 'react';

export function useLocalStorage<T>(key: string, parse: (text: string | null) => T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => parse(readStored(key)));
  const store = useCallback(
    (next: T) => {
      setValue(next);
      writeStored(key, JSON.stringify(next));
    },
    [key],
  );
  return [value, store];
}

/** The stored text, or null when there is none or storage is not available (outside a page, too). */
export function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStored(key: string, text: string): void {
  try {
    localStorage.setItem(key, text);
  } catch {
    // Quota or privacy mode: keeping it in memory is the best there is.
  }
}
