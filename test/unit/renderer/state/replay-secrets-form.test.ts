// The replay form's masked values: empty gives none, each field parses as its own kind of text, and a
// field that does not parse says which and why in one line.
import { describe, expect, it } from 'vitest';
import { EMPTY_SECRETS_FORM, toReplaySecrets } from '../../../../renderer/state/replay-secrets-form';

describe('replay secrets form', () => {
  it('gives no secrets when every field is empty', () => {
    expect(toReplaySecrets(EMPTY_SECRETS_FORM)).toEqual({ ok: true, secrets: undefined });
  });

  it('reads headers, query parameters and the auth payload', () => {
    expect(
      toReplaySecrets({
        headers: 'X-Api-Key: k1\n\nAuthorization: Bearer a:b',
        query: 'token=t=1',
        auth: '{"token": "s"}',
      }),
    ).toEqual({
      ok: true,
      secrets: {
        headers: { 'X-Api-Key': 'k1', Authorization: 'Bearer a:b' },
        query: { token: 't=1' },
        auth: { token: 's' },
      },
    });
  });

  it('names the field that does not parse', () => {
    expect(toReplaySecrets({ ...EMPTY_SECRETS_FORM, headers: 'no colon' })).toEqual({
      ok: false,
      problem: 'headers: line 1: expected Name: value',
    });
    expect(toReplaySecrets({ ...EMPTY_SECRETS_FORM, query: 'a=1\n=2' })).toEqual({
      ok: false,
      problem: 'query: line 2: expected key=value',
    });
    expect(toReplaySecrets({ ...EMPTY_SECRETS_FORM, auth: '{' })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^auth is not valid JSON: /),
    });
    expect(toReplaySecrets({ ...EMPTY_SECRETS_FORM, auth: '[1]' })).toEqual({
      ok: false,
      problem: 'auth must be a JSON object',
    });
  });
});
