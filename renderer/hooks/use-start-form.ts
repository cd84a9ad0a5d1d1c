// A form that checks its fields, then starts something (a proxy, a browser recording): the problems the
// check found, shown beside their fields, and whether it is starting, which holds the button.
import { useState, type FormEvent } from 'react';

export type Checked<O, K extends string> =
  | { readonly ok: true; readonly options: O }
  | { readonly ok: false; readonly problems: Partial<Record<K, string>> };

export interface StartForm<K extends string> {
  readonly problems: Partial<Record<K, string>>;
  readonly busy: boolean;
  readonly onSubmit: (event: FormEvent) => void;
}

export function useStartForm<O, K extends string>(
  check: () => Checked<O, K>,
  start: (options: O) => Promise<unknown>,
): StartForm<K> {
  const [problems, setProblems] = useState<Partial<Record<K, string>>>({});
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    const result = check();
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setProblems({});
    setBusy(true);
    await start(result.options);
    setBusy(false);
  };
  return {
    problems,
    busy,
    onSubmit: (event) => {
      event.preventDefault();
      void submit();
    },
  };
}
