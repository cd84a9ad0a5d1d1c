// Secrets are not written to disk in clear: what a session file's header records about the headers a
// session sent shows their names, and masks the values of those that carry credentials.

/** What a masked value is written as. */
export const MASKED = '<redacted>';

const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** Headers as `Name: value` lines, credentials masked. */
export function redactHeaders(headers: Iterable<readonly [string, string]>): string[] {
  return [...headers].map(
    ([name, value]) => `${name}: ${SECRET_HEADERS.has(name.toLowerCase()) ? MASKED : value}`,
  );
}

/** Whether a recorded value was masked, and so cannot be sent again as it was. */
export function isMasked(value: string): boolean {
  return value === MASKED;
}
