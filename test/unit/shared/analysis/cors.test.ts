import { describe, expect, it } from 'vitest';
import { checkCors } from '../../../../shared/analysis/cors';
import type { LifecycleRecord } from '../../../../shared/record';

function request(fields: Partial<LifecycleRecord>): LifecycleRecord {
  return {
    t: 0,
    conn: 'c1',
    event: 'http-request',
    transport: 'polling',
    method: 'GET',
    status: 200,
    ...fields,
  };
}

describe('checkCors', () => {
  it.each([
    ['no Origin sent', request({ allowOrigin: 'http://other.example' })],
    ['the Origin allowed', request({ origin: 'http://app.example', allowOrigin: 'http://app.example' })],
    ['every origin allowed', request({ origin: 'http://app.example', allowOrigin: '*' })],
    [
      'a websocket (no CORS there)',
      request({ transport: 'websocket', status: 400, origin: 'http://app.example' }),
    ],
    ['a refused request (its failure says why)', request({ status: 403, origin: 'http://app.example' })],
  ])('silent for %s', (_, record) => {
    expect(checkCors([record], 0)).toEqual([]);
  });

  it('names the origin a browser would be blocked at, once, at the handshake', () => {
    const records = [
      request({ origin: 'http://app.example', allowOrigin: 'http://other.example' }),
      request({ method: 'POST', origin: 'http://app.example' }),
    ];
    expect(checkCors(records, 0)).toEqual([
      {
        code: 'CORS_ORIGIN_BLOCKED',
        severity: 'info',
        frame: 0,
        message:
          'a browser page at http://app.example would be blocked: its answer to a polling GET had Access-Control-Allow-Origin http://other.example',
      },
    ]);
  });

  it('says when the server answered no Access-Control-Allow-Origin at all', () => {
    const [found] = checkCors([request({ origin: 'http://app.example' })], null);
    expect(found?.message).toContain('had no Access-Control-Allow-Origin');
    expect(found?.frame).toBeNull();
  });
});
