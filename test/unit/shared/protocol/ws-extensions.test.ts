// Sec-WebSocket-Extensions as browsers, ws and engine.io-client write them (RFC 7692 §7.1 parameters).
import { describe, expect, it } from 'vitest';
import { deflateParams, parseExtensions } from '../../../../shared/protocol/ws-extensions';

describe('parseExtensions', () => {
  it('reads offers in order, with bare and valued parameters', () => {
    expect(
      parseExtensions('permessage-deflate; client_max_window_bits; server_max_window_bits="10", x-webkit'),
    ).toEqual([
      { name: 'permessage-deflate', params: { client_max_window_bits: true, server_max_window_bits: '10' } },
      { name: 'x-webkit', params: {} },
    ]);
  });

  it('skips what is not a token instead of failing', () => {
    expect(parseExtensions(' , ;x, permessage-deflate; @=1')).toEqual([
      { name: 'permessage-deflate', params: {} },
    ]);
    expect(parseExtensions(undefined)).toEqual([]);
  });
});

describe('deflateParams', () => {
  it('takes the first permessage-deflate offer', () => {
    expect(
      deflateParams(
        'x-other, permessage-deflate; client_max_window_bits, permessage-deflate; server_no_context_takeover',
      ),
    ).toEqual({
      serverNoContextTakeover: false,
      clientNoContextTakeover: false,
      serverMaxWindowBits: undefined,
      clientMaxWindowBits: true,
    });
  });

  it('reads an answer with values and context takeover', () => {
    expect(
      deflateParams(
        'permessage-deflate; server_no_context_takeover; client_max_window_bits=12; server_max_window_bits=9',
      ),
    ).toEqual({
      serverNoContextTakeover: true,
      clientNoContextTakeover: false,
      serverMaxWindowBits: 9,
      clientMaxWindowBits: 12,
    });
    expect(deflateParams('permessage-deflate')).toMatchObject({ clientMaxWindowBits: false });
    expect(
      deflateParams('permessage-deflate; server_max_window_bits=99')?.serverMaxWindowBits,
    ).toBeUndefined();
    expect(deflateParams('x-other')).toBeUndefined();
  });
});
