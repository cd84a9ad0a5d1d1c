// Emits the user sent, newest first, to load back into the editor or resend as they were. Resending the
// same emit moves it to the top instead of listing it twice.

export interface EmitEntry {
  readonly nsp: string;
  readonly event: string;
  /** The args exactly as typed, so formatting and comments-free JSON come back unchanged. */
  readonly args: string;
  readonly ack: boolean;
}

export const HISTORY_LIMIT = 50;

export function remember(history: readonly EmitEntry[], entry: EmitEntry): EmitEntry[] {
  const rest = history.filter((e) => !sameEmit(e, entry));
  return [entry, ...rest].slice(0, HISTORY_LIMIT);
}

export function sameEmit(a: EmitEntry, b: EmitEntry): boolean {
  return a.nsp === b.nsp && a.event === b.event && a.args === b.args && a.ack === b.ack;
}

/** Reads a stored history, dropping whatever is not an entry (the store is user-writable). */
export function parseHistory(text: string | null): EmitEntry[] {
  if (text === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter(isEntry).slice(0, HISTORY_LIMIT);
}

function isEntry(v: unknown): v is EmitEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.nsp === 'string' &&
    typeof e.event === 'string' &&
    typeof e.args === 'string' &&
    typeof e.ack === 'boolean'
  );
}
