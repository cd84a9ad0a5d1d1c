// Exhaustiveness guard for switches over discriminated unions (docs/architecture.md §6): the compiler rejects a
// missing case, and a value that slipped past the types (from JSON, from a JS caller) fails loudly here.
// Reaching it is a programmer error, so it throws instead of returning a decode error.
export function assertNever(value: never, what = 'value'): never {
  throw new TypeError(`unexpected ${what}: ${show(value)}`);
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // circular or BigInt
  }
}
