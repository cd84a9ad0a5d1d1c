// The replay form's masked values: a recording made without keeping secrets has `<redacted>` where its
// credentials were, and a replay needs the real ones (headers and query parameters by name, the CONNECT
// auth payload whole). Empty fields give nothing; a field that does not parse gives one line saying why.
import type { ReplaySecrets } from '../../shared/bridge/api';
import type { Json } from '../../shared/record';
import { errorMessage } from '../../shared/user-error';
import { parsePairs } from './connect-form';

export interface SecretsForm {
  /** `Name: value` lines. */
  readonly headers: string;
  /** `key=value` lines. */
  readonly query: string;
  /** A JSON object. */
  readonly auth: string;
}

export const EMPTY_SECRETS_FORM: SecretsForm = { headers: '', query: '', auth: '' };

export type SecretsResult =
  | { readonly ok: true; readonly secrets: ReplaySecrets | undefined }
  | { readonly ok: false; readonly problem: string };

export function toReplaySecrets(form: SecretsForm): SecretsResult {
  const headers = parsePairs(form.headers, ':');
  if (typeof headers === 'string') return { ok: false, problem: `headers: ${headers}` };
  const query = parsePairs(form.query, '=');
  if (typeof query === 'string') return { ok: false, problem: `query: ${query}` };
  let auth: Json | undefined;
  if (form.auth.trim() !== '') {
    try {
      auth = JSON.parse(form.auth) as Json;
    } catch (e) {
      return { ok: false, problem: `auth is not valid JSON: ${errorMessage(e)}` };
    }
    if (auth === null || typeof auth !== 'object' || Array.isArray(auth))
      return { ok: false, problem: 'auth must be a JSON object' };
  }
  const secrets: ReplaySecrets = {
    ...(Object.keys(headers).length > 0 && { headers }),
    ...(Object.keys(query).length > 0 && { query }),
    ...(auth !== undefined && { auth }),
  };
  return { ok: true, secrets: Object.keys(secrets).length === 0 ? undefined : secrets };
}
