import { describe, expect, it } from 'vitest';
import {
  explainCutPost,
  explainRefusal,
  isUnsupportedVersion,
  type RefusalContext,
} from '../../../../electron/engine/engine-errors';
import { CLI_WORDS } from '../../../../electron/cli/cli-error';
import { explainNetworkError } from '../../../../electron/engine/failure';
import { describeUserError, type UserErrorData } from '../../../../shared/user-error';

const describeFailure = (failure: UserErrorData): string => describeUserError(failure, CLI_WORDS);

const v4: RefusalContext = { eio: 4, transport: 'polling', path: '/socket.io/', inSession: false };

describe('explainRefusal: engine.io error bodies (docs/protocol.md §1.2)', () => {
  it.each([
    [
      400,
      '{"code":0,"message":"Transport unknown"}',
      'Engine.IO error 0 "Transport unknown"',
      'try --transports',
    ],
    [
      400,
      '{"code":1,"message":"Session ID unknown"}',
      'Engine.IO error 1 "Session ID unknown"',
      'sticky sessions',
    ],
    [400, '{"code":2,"message":"Bad handshake method"}', 'Engine.IO error 2 "Bad handshake method"', 'GET'],
    [400, '{"code":3,"message":"Bad request"}', 'Engine.IO error 3 "Bad request"', 'middleware'],
    // allowRequest's own words in place of the code's name.
    [
      403,
      '{"code":4,"message":"origin not allowed"}',
      'Engine.IO error 4 "Forbidden": origin not allowed',
      'allowRequest',
    ],
    [403, '{"code":4,"message":"Forbidden"}', 'HTTP 403, Engine.IO error 4 "Forbidden"', 'allowRequest'],
    [
      400,
      '{"code":5,"message":"Unsupported protocol version"}',
      'Engine.IO error 5 "Unsupported protocol version"',
      'try --eio 3',
    ],
    // engine.io's refused websocket upgrade: the bare message text.
    [400, 'Unsupported protocol version', 'Engine.IO error 5', 'try --eio 3'],
    [400, 'Transport unknown', 'Engine.IO error 0', 'try --transports'],
    // python-engineio's sentence.
    [
      400,
      'The client is using an unsupported version of the Socket.IO or Engine.IO protocols',
      'Engine.IO error 5',
      'try --eio 3',
    ],
  ])('HTTP %i %s', (status, body, message, hint) => {
    const failure = explainRefusal(status, body, v4);
    expect(failure.kind).toBe('protocol');
    expect(failure.message).toContain(message);
    expect(describeFailure(failure)).toContain(hint);
  });

  it('suggests the other version for code 5', () => {
    const failure = explainRefusal(400, '{"code":5}', { ...v4, eio: 3 });
    expect(failure.why).toEqual({ cause: 'version', setting: 'eio', value: 4 });
    expect(describeFailure(failure)).toContain('try --eio 4');
  });

  it('says the session ended when the request carried a sid', () => {
    expect(explainRefusal(400, '{"code":1}', { ...v4, inSession: true }).message).toMatch(
      /^the server ended the session/,
    );
  });

  it('explains a 404 as a wrong path, and quotes unknown bodies on one line', () => {
    expect(describeFailure(explainRefusal(404, 'Cannot GET /x', v4))).toBe(
      "nothing answers at /socket.io/ (HTTP 404: Cannot GET /x) (check --path; Socket.IO's default is /socket.io/)",
    );
    expect(explainRefusal(502, 'bad\n  gateway', v4).message).toBe(
      'handshake refused: HTTP 502: bad gateway',
    );
  });

  it("says a refusal in the server's own words as the server's, not as a wrong URL", () => {
    const failure = explainRefusal(400, 'origin not allowed', { ...v4, transport: 'websocket' });
    expect(failure.why).toEqual({ cause: 'refused' });
    expect(describeFailure(failure)).toBe(
      'handshake refused by the server: HTTP 400: origin not allowed (its allowRequest or a middleware said no; check --header, --query and cookies)',
    );
    // With nothing said, a 400 may as well be the wrong endpoint.
    expect(describeFailure(explainRefusal(400, '', v4))).toContain('check the URL and --path');
  });

  it('says a 413 on a POST with the size sent and the handshake maxPayload', () => {
    const failure = explainRefusal(413, '', { ...v4, inSession: true, sentBytes: 5012, maxPayload: 1000 });
    expect(failure.why).toEqual({ cause: 'too-large' });
    expect(describeFailure(failure)).toBe(
      "the server refused a 5012-byte POST as too large (HTTP 413); its handshake allows 1000 bytes (maxPayload) (send smaller messages, or raise the server's maxHttpBufferSize)",
    );
  });

  it('says a POST cut off as too large when it passed maxPayload, and with its size when no limit is known', () => {
    const reset = explainNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'h:1');
    expect(explainCutPost(5012, 1000, reset)).toMatchObject({
      message:
        'the server cut off a 5012-byte POST as too large; its handshake allows 1000 bytes (maxPayload)',
      why: { cause: 'too-large' },
    });
    expect(explainCutPost(500, 1000, reset)).toBe(reset);
    expect(describeFailure(explainCutPost(5012, undefined, reset))).toBe(
      "the connection to h:1 was reset during a 5012-byte POST (engine.io before 6 cuts a POST this way when the body passes the server's maxHttpBufferSize)",
    );
  });

  it('tells the unsupported-version refusal apart for auto-detection', () => {
    expect(isUnsupportedVersion(400, '{"code":5,"message":"Unsupported protocol version"}')).toBe(true);
    expect(isUnsupportedVersion(400, 'Unsupported protocol version')).toBe(true);
    expect(isUnsupportedVersion(400, '{"code":3}')).toBe(false);
    expect(isUnsupportedVersion(403, '{"code":5}')).toBe(false);
  });
});

describe('explainNetworkError', () => {
  const error = (code: string, message = code): Error => Object.assign(new Error(message), { code });

  it.each([
    [
      'ECONNREFUSED',
      'unreachable',
      'cannot connect to h:1: connection refused (is the server running, and is the port right?)',
    ],
    ['ENOTFOUND', 'unreachable', 'cannot resolve the host of h:1 (check the host name in the URL)'],
    ['ECONNRESET', 'lost', 'the connection to h:1 was reset (the server closed it abruptly or crashed)'],
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'tls',
      'TLS certificate of h:1 rejected: the certificate is self-signed (use --insecure',
    ],
    ['CERT_HAS_EXPIRED', 'tls', 'TLS certificate of h:1 rejected: the certificate has expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', 'the certificate does not name this host'],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'tls',
      'TLS handshake with h:1 failed (does the server speak plain HTTP?',
    ],
    ['HPE_INVALID_CONSTANT', 'protocol', 'h:1 did not answer with HTTP'],
    ['WS_ERR_UNEXPECTED_RSV_1', 'protocol', 'h:1 sent an invalid websocket frame'],
  ])('%s', (code, kind, text) => {
    const failure = explainNetworkError(error(code), 'h:1');
    expect(failure.why.cause === kind || failure.kind === kind).toBe(true);
    expect(describeFailure(failure)).toContain(text);
  });

  it('keeps only the first line of an unknown error', () => {
    expect(explainNetworkError(new Error('weird\nstack'), 'h:1')).toEqual({
      kind: 'network',
      message: 'cannot connect to h:1: weird',
      why: { cause: 'unreachable' },
    });
  });
});
