import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../../shared/record';
import {
  isMasked,
  isSecretName,
  MASKED,
  redactHeaders,
  redactOrigin,
  redactRecord,
  redactText,
  redactUrl,
} from '../../../../shared/session/secrets';

describe('secrets masked by rule', () => {
  it.each([
    'Authorization',
    'Proxy-Authorization',
    'Cookie',
    'Set-Cookie',
    'X-Api-Key',
    'apikey',
    'api_key',
    'access_token',
    'token',
    'X-Auth',
    'client_secret',
    'password',
    'x-session-id',
    'key',
    'aws.key',
    'sig',
  ])('%s is a secret name', (name) => expect(isSecretName(name)).toBe(true));

  it.each(['EIO', 'transport', 'sid', 't', 'X-Trace', 'monkey', 'Accept', 'User-Agent', 'signal'])(
    '%s is not',
    (name) => expect(isSecretName(name)).toBe(false),
  );

  it('masks header values and URL credentials, keeping names', () => {
    expect(redactHeaders(['X-Api-Key: k1', 'X-Trace: abc', 'Authorization: Bearer t'])).toEqual([
      `X-Api-Key: ${MASKED}`,
      'X-Trace: abc',
      `Authorization: ${MASKED}`,
    ]);
    expect(redactUrl('https://user:pw@h.example:8443/socket.io/?EIO=4&token=abc&room=1#x')).toBe(
      `https://${MASKED}@h.example:8443/socket.io/?EIO=4&token=${MASKED}&room=1#x`,
    );
    expect(redactUrl('/socket.io/?EIO=4&transport=polling&sid=S&access_token=z')).toBe(
      `/socket.io/?EIO=4&transport=polling&sid=S&access_token=${MASKED}`,
    );
    expect(redactUrl('http://h:3000/')).toBe('http://h:3000/');
  });

  it('masks every value of the auth payload in the header, and what replay cannot send again shows', () => {
    const origin = redactOrigin({
      kind: 'capture',
      auth: { token: 'abc', user: { id: 7 } },
      query: ['room=1', 'apiKey=x'],
      headers: ['Cookie: a=b'],
    });
    expect(origin).toEqual({
      kind: 'capture',
      auth: { token: MASKED, user: { id: MASKED } },
      query: ['room=1', `apiKey=${MASKED}`],
      headers: [`Cookie: ${MASKED}`],
    });
    expect(isMasked(origin.kind === 'capture' ? origin.auth : undefined)).toBe(true);
    expect(isMasked({ room: 1 })).toBe(false);
  });

  it('masks a client CONNECT payload in the record and its frame text, and request URLs', () => {
    const connect: SessionRecord = {
      t: 1,
      conn: 'c1',
      frame: 2,
      dir: 'out',
      transport: 'websocket',
      size: 30,
      eio: { type: 'message', data: '40/admin,{"token":"abc","n":1}' },
      sio: { type: 'CONNECT', nsp: '/admin', data: { token: 'abc', n: 1 } },
    };
    expect(redactRecord(connect)).toMatchObject({
      eio: { type: 'message', data: `40/admin,{"token":"${MASKED}","n":"${MASKED}"}` },
      sio: { type: 'CONNECT', nsp: '/admin', data: { token: MASKED, n: MASKED } },
    });
    const v2: SessionRecord = {
      ...connect,
      eio: { type: 'message' as const, data: '40/admin?token=abc,' },
      sio: { type: 'CONNECT' as const, nsp: '/admin?token=abc' },
    };
    expect(redactRecord(v2)).toMatchObject({
      eio: { data: `40/admin?token=${MASKED},` },
      sio: { nsp: `/admin?token=${MASKED}` },
    });
    // A recovering CONNECT keeps the pid and offset in clear: the server's answer shows the pid anyway.
    const recovering: SessionRecord = {
      ...connect,
      eio: { type: 'message' as const, data: '40{"pid":"P","offset":"O","token":"abc"}' },
      sio: { type: 'CONNECT' as const, nsp: '/', data: { pid: 'P', offset: 'O', token: 'abc' } },
    };
    expect(redactRecord(recovering)).toMatchObject({
      eio: { data: `40{"pid":"P","offset":"O","token":"${MASKED}"}` },
      sio: { data: { pid: 'P', offset: 'O', token: MASKED } },
    });
    const server = { ...connect, dir: 'in' as const };
    expect(redactRecord(server)).toBe(server);
    const request: SessionRecord = {
      t: 0,
      conn: 'c1',
      event: 'http-request',
      url: '/socket.io/?EIO=4&token=t',
    };
    expect(redactRecord(request)).toEqual({ ...request, url: `/socket.io/?EIO=4&token=${MASKED}` });
  });

  it("masks the credentials among a handshake's headers, and keeps the WebSocket handshake's nonce", () => {
    const open: SessionRecord = {
      t: 0,
      conn: 'c1',
      event: 'ws-open',
      url: 'ws://h/socket.io/?EIO=4&transport=websocket',
      requestHeaders: ['Authorization: Bearer abc', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'X-A: 1'],
      responseHeaders: ['Set-Cookie: io=abc; Path=/', 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo='],
    };
    expect(redactRecord(open)).toEqual({
      ...open,
      requestHeaders: [`Authorization: ${MASKED}`, 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'X-A: 1'],
      responseHeaders: [`Set-Cookie: ${MASKED}`, 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo='],
    });
  });

  it('masks the credentials of URLs quoted in what a lifecycle record says', () => {
    expect(redactText('GET http://h:1/socket.io/?EIO=4&access_token=abc&t=x: net::ERR_ABORTED')).toBe(
      `GET http://h:1/socket.io/?EIO=4&access_token=${MASKED}&t=x: net::ERR_ABORTED`,
    );
    expect(redactText('POST /socket.io/?token=abc&sid=s, then "wss://u:p@h/?key=k".')).toBe(
      `POST /socket.io/?token=${MASKED}&sid=s, then "wss://${MASKED}@h/?key=${MASKED}".`,
    );
    expect(redactText('the WebSocket ws://h/socket.io/?EIO=4 closed before it opened')).toBe(
      'the WebSocket ws://h/socket.io/?EIO=4 closed before it opened',
    );
    const failed: SessionRecord = {
      t: 0,
      conn: 'c1',
      event: 'transport-error',
      message: 'the browser kept no body for GET http://h/socket.io/?EIO=4&token=abc',
    };
    expect(redactRecord(failed)).toEqual({
      ...failed,
      message: `the browser kept no body for GET http://h/socket.io/?EIO=4&token=${MASKED}`,
    });
    const unreadable: SessionRecord = {
      t: 0,
      conn: 'c1',
      event: 'input-error',
      line: 3,
      error: { code: 'FRAME_LINE_INVALID', message: 'line 3: not a frame line' },
      raw: '{"url":"http://h/?apikey=abc"}',
    };
    expect(redactRecord(unreadable)).toEqual({ ...unreadable, raw: `{"url":"http://h/?apikey=${MASKED}"}` });
    // A hostile line: one word of a megabyte, masked in a single pass.
    const long = `/${'/.'.repeat(500_000)}?token=abc`;
    expect(redactText(`x ${long} y`)).toBe(`x /${'/.'.repeat(500_000)}?token=${MASKED} y`);
    const closed: SessionRecord = { t: 0, conn: 'c1', event: 'closed', reason: 'closed by the client' };
    expect(redactRecord(closed)).toEqual(closed);
  });
});
