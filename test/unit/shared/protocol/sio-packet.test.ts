// The Socket.IO packet layer against every vector of docs/test-vectors.md, the edges of the grammar
// (docs/protocol.md §2.2), and properties (round trips, totality). Rows about the order of frames (binary
// data first, text while attachments are pending, destroy()) belong to the session decoder, which owns that
// state.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../../../shared/limits';
import type { Json } from '../../../../shared/record';
import { reconstructBinary } from '../../../../shared/protocol/sio-binary';
import {
  decodeSioPacket,
  encodeSioPacket,
  scanSioHeader,
  type SioDecodeResult,
  type SioOutPacket,
  type SioPacket,
  type SioProtocol,
} from '../../../../shared/protocol/sio-packet';
import { bin, placeholder, toUint8Arrays } from './sio-fixtures';
import { DECODE_VECTORS, ENCODE_VECTORS, INVALID_PACKETS, type DecodeVector } from './sio-vectors';
import { anyJson, outPacket, PROTOCOLS } from './sio-arbitraries';

/** decodeSioPacket, then reconstructBinary when attachments are given: what the session decoder does. */
function decodeWith(
  v: Pick<DecodeVector, 'text' | 'protocol' | 'attachments' | 'maxAttachments'>,
): SioDecodeResult {
  const result = decodeSioPacket(v.text, v.protocol, { maxAttachments: v.maxAttachments });
  const { packet } = result;
  if (packet === undefined || packet.data === undefined || v.attachments === undefined) return result;
  const rebuilt = reconstructBinary(packet.data, toUint8Arrays(v.attachments));
  const error = result.error ?? rebuilt.error;
  return { packet: { ...packet, data: rebuilt.data }, ...(error && { error }) };
}

const PROMOTED: Record<string, string> = { EVENT: 'BINARY_EVENT', ACK: 'BINARY_ACK' };

describe('encode vectors (docs/protocol.md §2.3, §2.4; docs/test-vectors.md §3.1, §3.4, §4.1, §5)', () => {
  it.each(ENCODE_VECTORS.map((v) => [`§${v.src} v${v.protocol} ${v.text}`, v] as const))('%s', (_, v) => {
    const out = encodeSioPacket(v.packet, v.protocol);
    expect(out.text).toBe(v.text);
    expect(out.attachments).toEqual(toUint8Arrays(v.attachments));
  });

  it.each(ENCODE_VECTORS.map((v) => [`§${v.src} v${v.protocol} ${v.text}`, v] as const))(
    'decodes back: %s',
    (_, v) => {
      const result = decodeWith({ text: v.text, protocol: v.protocol, attachments: v.attachments });
      expect(result.error).toBeUndefined();
      const binary = v.attachments !== undefined;
      const type = binary ? (PROMOTED[v.packet.type] ?? v.packet.type) : v.packet.type;
      const expected: SioPacket = {
        type: type as SioPacket['type'],
        nsp: v.packet.nsp ?? '/',
        ...(v.packet.id !== undefined && { id: v.packet.id }),
        ...(v.packet.data !== undefined && { data: v.packet.data }),
        ...(binary && { attachments: v.attachments?.length }),
      };
      expect(result.packet).toStrictEqual(expected);
    },
  );
});

describe('decode vectors (docs/protocol.md §2.3, §2.4; docs/test-vectors.md §3.2–3.4, §4.2, §5)', () => {
  it.each(DECODE_VECTORS.map((v) => [`§${v.src} v${v.protocol} ${v.text}`, v] as const))('%s', (_, v) => {
    const result = decodeWith(v);
    expect(result.error?.code).toBe(v.error);
    expect(result.packet).toStrictEqual(v.packet);
    if (result.error !== undefined) expect(result.error.message.length).toBeGreaterThan(10);
  });
});

describe('socket.io-parser 4.2.6 isPacketValid rejects, written and read back', () => {
  it.each(INVALID_PACKETS.map((v) => [v.text, v] as const))('%s', (_, v) => {
    const { text } = encodeSioPacket(v.packet, 5);
    expect(text).toBe(v.text);
    const result = decodeSioPacket(text, 5);
    expect(result.error?.code).toBe(v.error);
    expect(result.packet?.data).toStrictEqual(v.packet.data);
  });

  it('accepts the one valid packet of that test, {type: 0, nsp: "/"}', () => {
    expect(decodeSioPacket(encodeSioPacket({ type: 'CONNECT', nsp: '/' }, 5).text, 5)).toStrictEqual({
      packet: { type: 'CONNECT', nsp: '/' },
    });
  });
});

describe('type 4 and the protocol generations (docs/protocol.md §2.1, §2.5)', () => {
  it('names type 4 CONNECT_ERROR in v5 and ERROR in v4', () => {
    expect(decodeSioPacket('4"x"', 5).packet?.type).toBe('CONNECT_ERROR');
    expect(decodeSioPacket('4"x"', 4).packet?.type).toBe('ERROR');
  });

  it('writes both names as type 4 in both protocols', () => {
    for (const protocol of PROTOCOLS) {
      expect(encodeSioPacket({ type: 'ERROR', data: 'x' }, protocol).text).toBe('4"x"');
      expect(encodeSioPacket({ type: 'CONNECT_ERROR', data: 'x' }, protocol).text).toBe('4"x"');
    }
  });

  it.each([
    ['4', 'SIO_INVALID_PAYLOAD', 'SIO_INVALID_PAYLOAD'],
    ['4 1', 'SIO_INVALID_PAYLOAD', 'SIO_INVALID_PAYLOAD'],
    ['4true', 'SIO_INVALID_PAYLOAD', 'SIO_INVALID_PAYLOAD'],
    ['4null', 'SIO_INVALID_PAYLOAD', undefined],
    ['4[1]', 'SIO_INVALID_PAYLOAD', undefined],
    ['4{"message":"x","data":{"a":1}}', undefined, undefined],
    ['0null', 'SIO_INVALID_PAYLOAD', undefined],
    ['0"x"', 'SIO_INVALID_PAYLOAD', 'SIO_INVALID_PAYLOAD'],
    ['2[1]', undefined, undefined],
    ['2[1.5,"x"]', undefined, undefined],
    ['2["connect_error"]', 'SIO_RESERVED_EVENT', undefined],
    ['2["disconnecting"]', 'SIO_RESERVED_EVENT', undefined],
    ['2["newListener"]', 'SIO_RESERVED_EVENT', undefined],
    ['2["removeListener"]', 'SIO_RESERVED_EVENT', undefined],
    ['2["Connect"]', undefined, undefined],
    ['5/a,1-', 'SIO_BAD_ATTACHMENTS', 'SIO_BAD_ATTACHMENTS'],
    ['3"x"', 'SIO_INVALID_PAYLOAD', 'SIO_INVALID_PAYLOAD'],
    ['61-[]', undefined, undefined],
    ['51-[]', 'SIO_INVALID_PAYLOAD', 'SIO_INVALID_PAYLOAD'],
    ['51-["connect"]', 'SIO_RESERVED_EVENT', undefined],
  ])('%s → v5 %s, v4 %s', (text, v5, v4) => {
    expect(decodeSioPacket(text, 5).error?.code).toBe(v5);
    expect(decodeSioPacket(text, 4).error?.code).toBe(v4);
  });
});

describe('header grammar (docs/protocol.md §2.2)', () => {
  it('gives the offset of every field', () => {
    const text = '52-/admin,12["x"]';
    const h = scanSioHeader(text);
    expect(h).toMatchObject({ typeCode: 5, attachments: 2, id: 12, nspTerminated: true, error: undefined });
    expect(text.slice(h.attachmentsStart, h.attachmentsEnd)).toBe('2');
    expect(text.charAt(h.attachmentsEnd)).toBe('-');
    expect(text.slice(h.nspStart, h.nspEnd)).toBe('/admin');
    expect(text.slice(h.idStart, h.idEnd)).toBe('12');
    expect(text.slice(h.payloadStart)).toBe('["x"]');
  });

  it('gives empty ranges for absent fields', () => {
    const h = scanSioHeader('2["x"]');
    expect(h).toMatchObject({ typeCode: 2, attachments: undefined, id: undefined, nspTerminated: false });
    expect([
      h.attachmentsStart,
      h.attachmentsEnd,
      h.nspStart,
      h.nspEnd,
      h.idStart,
      h.idEnd,
      h.payloadStart,
    ]).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('stops at a bad attachment count and claims no payload', () => {
    const h = scanSioHeader('5a-["x"]');
    expect(h.error?.code).toBe('SIO_BAD_ATTACHMENTS');
    expect(h.payloadStart).toBe(8);
    expect(h.nspEnd - h.nspStart).toBe(0);
  });

  it.each([
    ['0/admin', '/admin', undefined],
    ['0/admin,', '/admin', undefined],
    ['0/,', '/', undefined],
    ['0/a/b,{}', '/a/b', undefined],
    ['2/é,["x"]', '/é', undefined],
  ])('namespace of %s is %s', (text, nsp, code) => {
    const result = decodeSioPacket(text, 5);
    expect(result.packet?.nsp).toBe(nsp);
    expect(result.error?.code).toBe(code);
  });

  it('reads an id right after the type when there is no namespace', () => {
    expect(decodeSioPacket('30[]', 5).packet).toStrictEqual({ type: 'ACK', nsp: '/', id: 0, data: [] });
    expect(decodeSioPacket('2007["x"]', 5).packet?.id).toBe(7);
  });

  it('accepts the largest safe ack id and refuses one more, keeping the packet', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(decodeSioPacket(`3${max}[]`, 5)).toStrictEqual({
      packet: { type: 'ACK', nsp: '/', id: max, data: [] },
    });
    const over = decodeSioPacket(`3${max + 1}[]`, 5);
    expect(over.error?.code).toBe('SIO_ID_OUT_OF_RANGE');
    expect(over.error?.message).toContain(String(max + 1));
    expect(over.packet).toStrictEqual({ type: 'ACK', nsp: '/', data: [] });
  });

  it('abbreviates a huge id in the message', () => {
    const result = decodeSioPacket(`2${'9'.repeat(5000)}["x"]`, 5);
    expect(result.error?.code).toBe('SIO_ID_OUT_OF_RANGE');
    expect(result.error?.message.length).toBeLessThan(200);
  });

  it.each(['5-', '5+1-[]', '50x1-[]', '5 1-[]', '6', '6-1-'])(
    'refuses the attachment count in %s',
    (text) => {
      expect(decodeSioPacket(text, 5)).toStrictEqual({
        error: expect.objectContaining({ code: 'SIO_BAD_ATTACHMENTS' }),
      });
    },
  );

  it('accepts leading zeros in the attachment count', () => {
    expect(decodeSioPacket('501-["a",{"_placeholder":true,"num":0}]', 5).packet?.attachments).toBe(1);
  });

  it('applies maxAttachments: 10 by default, and the given limit', () => {
    expect(decodeSioPacket('510-["a"]', 5).error).toBeUndefined();
    expect(decodeSioPacket('511-["a"]', 5).error?.code).toBe('SIO_TOO_MANY_ATTACHMENTS');
    expect(decodeSioPacket('511-["a"]', 5, { maxAttachments: 11 }).error).toBeUndefined();
    expect(decodeSioPacket(`6${'9'.repeat(400)}-[]`, 4).error?.code).toBe('SIO_TOO_MANY_ATTACHMENTS');
  });

  it('says where the comma is missing (`2/admin["x"]`)', () => {
    const result = decodeSioPacket('2/admin["x"]', 5);
    expect(result.error?.message).toContain("not terminated by ','");
    expect(result.error?.message).toContain('2/admin,["x"]');
    expect(decodeSioPacket('0/admin{"token":"1"}', 5).error?.message).toContain('0/admin,{"token":"1"}');
  });

  it.each([
    ['', 'SIO_EMPTY_PACKET'],
    ['7', 'SIO_UNKNOWN_TYPE'],
    ['-1', 'SIO_UNKNOWN_TYPE'],
    [' 2["x"]', 'SIO_UNKNOWN_TYPE'],
    ['["x"]', 'SIO_UNKNOWN_TYPE'],
  ])('%j is refused as a whole: %s', (text, code) => {
    for (const protocol of PROTOCOLS) {
      expect(decodeSioPacket(text, protocol)).toStrictEqual({ error: expect.objectContaining({ code }) });
    }
  });

  it('keeps a `__proto__` key of the payload as data', () => {
    const result = decodeSioPacket('2["x",{"__proto__":{"polluted":1}}]', 5);
    const arg = (result.packet?.data as Json[])[1] as Record<string, Json>;
    expect(Object.keys(arg)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a payload nested past MAX_JSON_DEPTH, keeping the header, without throwing', () => {
    const text = `2/a,7["x",${'['.repeat(200_000)}${']'.repeat(200_000)}]`;
    const result = decodeSioPacket(text, 5);
    expect(result.error?.code).toBe('JSON_TOO_DEEP');
    expect(result.packet).toStrictEqual({ type: 'EVENT', nsp: '/a', id: 7 });
  });

  it('decodes a payload nested exactly MAX_JSON_DEPTH deep', () => {
    const inner = MAX_JSON_DEPTH - 1; // the args array is one level
    const text = `2["x",${'['.repeat(inner)}${']'.repeat(inner)}]`;
    expect(decodeSioPacket(text, 5).error).toBeUndefined();
    expect(decodeSioPacket(`2["x",${'['.repeat(inner + 1)}${']'.repeat(inner + 1)}]`, 5).error?.code).toBe(
      'JSON_TOO_DEEP',
    );
  });

  it('counts no brackets inside strings toward the depth', () => {
    const text = `2["x","${'[{\\"'.repeat(MAX_JSON_DEPTH)}"]`;
    expect(decodeSioPacket(text, 5).error).toBeUndefined();
  });
});

describe('encode choices', () => {
  it('promotes EVENT/ACK with binary in both protocols and numbers attachments depth-first', () => {
    for (const protocol of PROTOCOLS) {
      const out = encodeSioPacket(
        { type: 'ACK', id: 3, data: [{ a: [bin(1)], b: bin(2) }, bin(3)] },
        protocol,
      );
      expect(out.text).toBe(
        '63-3[{"a":[{"_placeholder":true,"num":0}],"b":{"_placeholder":true,"num":1}},{"_placeholder":true,"num":2}]',
      );
      expect(out.attachments).toEqual([Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)]);
    }
  });

  it('writes an explicit BINARY_EVENT without binary as `50-`, like socket.io-parser 3.x', () => {
    expect(encodeSioPacket({ type: 'BINARY_EVENT', data: ['a'] }, 4)).toEqual({
      text: '50-["a"]',
      attachments: [],
    });
  });

  it('leaves {$binary} as JSON in types that cannot carry attachments', () => {
    expect(encodeSioPacket({ type: 'CONNECT', data: { key: bin(1) } }, 5).text).toBe(
      '0{"key":{"$binary":"AQ=="}}',
    );
  });

  it('writes no payload for null data, and nothing for nsp "" or "/"', () => {
    expect(encodeSioPacket({ type: 'CONNECT', nsp: '', data: null }, 5).text).toBe('0');
    expect(encodeSioPacket({ type: 'DISCONNECT', nsp: '/' }, 4).text).toBe('1');
  });

  it('does not modify the packet it is given', () => {
    const data: Json = ['a', bin(1, 2)];
    const copy = structuredClone(data);
    encodeSioPacket({ type: 'EVENT', data }, 5);
    expect(data).toStrictEqual(copy);
  });

  it.each<[string, SioOutPacket]>([
    ['nsp without /', { type: 'EVENT', nsp: 'admin', data: ['x'] }],
    ['nsp with a comma', { type: 'EVENT', nsp: '/a,b', data: ['x'] }],
    ['negative id', { type: 'ACK', id: -1, data: [] }],
    ['fractional id', { type: 'ACK', id: 1.5, data: [] }],
    ['unsafe id', { type: 'ACK', id: 2 ** 53, data: [] }],
    ['bad base64', { type: 'EVENT', data: ['x', { $binary: 'not base64!' }] }],
  ])('throws a RangeError for a caller bug: %s', (_, packet) => {
    expect(() => encodeSioPacket(packet, 5)).toThrow(RangeError);
  });
});

describe('properties', () => {
  // Thousands of generated inputs: on a busy two-core machine this takes longer than the default.
  it('decoding never throws, and what it returns is coherent with the header', { timeout: 90_000 }, () => {
    const alphabet = fc.constantFrom(...'0123456-/,[]{}":a9. \u2028é'.split(''));
    const text = fc.oneof(
      fc.string({ unit: alphabet, maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    fc.assert(
      fc.property(
        text,
        fc.constantFrom(...PROTOCOLS),
        fc.integer({ min: 0, max: 12 }),
        (t, protocol, max) => {
          const result = decodeSioPacket(t, protocol, { maxAttachments: max });
          expect(result.packet !== undefined || result.error !== undefined).toBe(true);
          const h = scanSioHeader(t);
          const offsets = [
            h.attachmentsStart,
            h.attachmentsEnd,
            h.nspStart,
            h.nspEnd,
            h.idStart,
            h.idEnd,
            h.payloadStart,
          ];
          expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
          expect(h.payloadStart).toBeLessThanOrEqual(t.length);
          if (result.packet !== undefined) {
            expect(result.packet.nsp).toBe(h.nspEnd > h.nspStart ? t.slice(h.nspStart, h.nspEnd) : '/');
            expect(result.packet.id).toBe(h.id);
            // reconstructBinary is total on whatever the decoder hands it.
            reconstructBinary(result.packet.data ?? null, [Uint8Array.of(1)]);
          } else {
            expect(result.error?.code).toBe(h.error?.code);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('encode then decode gives the packet back, binary included (both protocols)', () => {
    fc.assert(
      fc.property(outPacket, (v) => {
        const { packet, protocol } = v;
        const out = encodeSioPacket(packet, protocol);
        const result = decodeSioPacket(out.text, protocol);
        expect(result.error).toBeUndefined();
        const decoded = result.packet as SioPacket;
        expect(decoded.nsp).toBe(packet.nsp ?? '/');
        expect(decoded.id).toBe(packet.id);
        expect(decoded.attachments).toBe(
          decoded.type.startsWith('BINARY') ? out.attachments.length : undefined,
        );
        const rebuilt = reconstructBinary(decoded.data ?? null, out.attachments);
        expect(rebuilt.error).toBeUndefined();
        expect(decoded.data === undefined ? undefined : rebuilt.data).toStrictEqual(packet.data);
        const wire = out.attachments.length > 0 ? (PROMOTED[packet.type] ?? packet.type) : packet.type;
        expect(decoded.type).toBe(wire);
      }),
      { numRuns: 500 },
    );
  });

  it('any JSON payload round-trips through the text of an ACK', () => {
    fc.assert(
      fc.property(fc.array(anyJson), fc.constantFrom(...PROTOCOLS), (args, protocol) => {
        const out = encodeSioPacket({ type: 'ACK', nsp: '/x', id: 1, data: args }, protocol);
        const back = reconstructBinary(
          decodeSioPacket(out.text, protocol).packet?.data ?? null,
          out.attachments,
        );
        expect(back.data).toStrictEqual(args);
      }),
      { numRuns: 300 },
    );
  });

  it('a placeholder the encoder did not write is reported, not trusted', () => {
    const result = decodeWith({
      text: '61-[{"_placeholder":true,"num":0.5}]',
      protocol: 5,
      attachments: [[1]],
    });
    expect(result.error?.code).toBe('SIO_BAD_PLACEHOLDER');
    expect(result.packet?.data).toStrictEqual([placeholder(0.5)]);
  });
});

// Keeps the PROTOCOLS list honest: both generations, and nothing else.
it('tests both protocol generations', () => {
  expect([...PROTOCOLS].sort()).toEqual([4, 5] satisfies SioProtocol[]);
});
