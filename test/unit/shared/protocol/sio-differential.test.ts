// Differential tests against the official parsers: socket.io-parser 4.2.x (protocol v5) and 3.4.x
// (protocol v4, installed as `sio-parser-v4`). Generated valid packets go through
// official encoder → our decoder, our encoder → official decoder, and both encoders side by side; every
// vector row is checked against what the installed reference decoder really does.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { Decoder as DecoderV5, Encoder as EncoderV5 } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import type { SioPacketType } from '../../../../shared/record';
import { reconstructBinary } from '../../../../shared/protocol/sio-binary';
import {
  decodeSioPacket,
  encodeSioPacket,
  type SioOutPacket,
  type SioPacket,
  type SioProtocol,
} from '../../../../shared/protocol/sio-packet';
import { outPacket, PROTOCOLS } from './sio-arbitraries';
import { fromOfficial, toOfficial, toUint8Arrays } from './sio-fixtures';
import { DECODE_VECTORS, ENCODE_VECTORS, type DecodeVector } from './sio-vectors';

interface OfficialPacket {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
  attachments?: number;
}

/** socket.io-parser 3.4.x is CommonJS without types; this is the part of it the tests use. */
interface ParserV4 {
  Encoder: new () => { encode(packet: OfficialPacket, callback: (parts: (string | Buffer)[]) => void): void };
  Decoder: new (opts?: { maxAttachments?: number }) => {
    add(part: string | Buffer): void;
    on(event: 'decoded', listener: (packet: OfficialPacket) => void): void;
  };
}
const parserV4 = createRequire(import.meta.url)('sio-parser-v4') as ParserV4;

const TYPE_CODES: Record<SioPacketType, number> = {
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6,
};

type Outcome = { readonly packet?: OfficialPacket; readonly thrown?: string };

/**
 * Feeds text then attachments to the official decoder; `packet` stays undefined while attachments are
 * pending.
 */
function officialDecode(
  protocol: SioProtocol,
  text: string,
  attachments: readonly Uint8Array[],
  maxAttachments?: number,
): Outcome {
  const opts = maxAttachments === undefined ? undefined : { maxAttachments };
  const decoder = protocol === 5 ? new DecoderV5(opts) : new parserV4.Decoder(opts);
  let packet: OfficialPacket | undefined;
  decoder.on('decoded', (p: OfficialPacket) => (packet = p));
  try {
    decoder.add(text);
    for (const a of attachments) decoder.add(Buffer.from(a));
  } catch (e) {
    return { thrown: (e as Error).message };
  }
  return { packet };
}

function officialEncode(
  protocol: SioProtocol,
  packet: OfficialPacket,
): { text: string; attachments: Uint8Array[] } {
  let parts: (string | Buffer)[] = [];
  if (protocol === 5) parts = new EncoderV5().encode(packet) as (string | Buffer)[];
  else new parserV4.Encoder().encode(packet, (out) => (parts = out)); // synchronous without Blobs
  const [text, ...buffers] = parts;
  return { text: text as string, attachments: buffers.map((b) => new Uint8Array(b as Buffer)) };
}

/**
 * How the official encoders are called for a packet: v5 callers pass EVENT/ACK and the encoder promotes;
 * v4 callers (socket.io 2) pick BINARY_* themselves when the data holds binary.
 */
function toOfficialPacket(protocol: SioProtocol, packet: SioOutPacket): OfficialPacket {
  const data = packet.data === undefined ? undefined : toOfficial(packet.data);
  let type = TYPE_CODES[packet.type];
  if (protocol === 4 && (type === 2 || type === 3) && containsBuffer(data)) type += 3;
  return {
    type,
    nsp: packet.nsp ?? '/',
    ...(packet.id !== undefined && { id: packet.id }),
    ...(data !== undefined && { data }),
  };
}

function containsBuffer(value: unknown): boolean {
  if (Buffer.isBuffer(value)) return true;
  if (Array.isArray(value)) return value.some(containsBuffer);
  return typeof value === 'object' && value !== null && Object.values(value).some(containsBuffer);
}

/**
 * ≥4.2.2 decoders report BINARY_EVENT/BINARY_ACK back as EVENT/ACK; 3.x keeps 5/6 (docs/protocol.md §2.2).
 */
function officialTypeOf(protocol: SioProtocol, ours: SioPacket): number {
  const code = TYPE_CODES[ours.type];
  return protocol === 5 && code >= 5 ? code - 3 : code;
}

/** Our decoder plus reconstructBinary, as the session decoder runs them. */
function ourDecode(
  protocol: SioProtocol,
  text: string,
  attachments: readonly Uint8Array[],
  maxAttachments?: number,
) {
  const result = decodeSioPacket(text, protocol, { maxAttachments });
  if (result.packet?.data === undefined || attachments.length === 0) return result;
  const rebuilt = reconstructBinary(result.packet.data, attachments);
  return { packet: { ...result.packet, data: rebuilt.data }, error: result.error ?? rebuilt.error };
}

function expectSamePacket(protocol: SioProtocol, ours: SioPacket, official: OfficialPacket): void {
  expect(official.type).toBe(officialTypeOf(protocol, ours));
  expect(official.nsp).toBe(ours.nsp);
  expect(official.id).toBe(ours.id);
  expect(fromOfficial(official.data)).toStrictEqual(ours.data);
}

describe('every vector row against the installed reference decoder', () => {
  const refDecoded = (v: DecodeVector) =>
    officialDecode(v.protocol, v.text, toUint8Arrays(v.attachments), v.maxAttachments);

  it.each(DECODE_VECTORS.map((v) => [`§${v.src} v${v.protocol} ${v.text}`, v] as const))('%s', (_, v) => {
    const official = refDecoded(v);
    const ref = v.reference;
    if ('throws' in ref) expect(official.thrown).toBe(ref.throws);
    else expect(official.thrown).toBeUndefined();
    if ('errorPacket' in ref) expect(official.packet).toMatchObject({ type: 4, data: ref.errorPacket });

    const ours = ourDecode(v.protocol, v.text, toUint8Arrays(v.attachments), v.maxAttachments);
    const refRejects = !('accepts' in ref);
    expect(ours.error !== undefined).toBe(refRejects || v.stricter !== undefined);
    if (v.stricter !== undefined) expect(refRejects).toBe(false); // "stricter" only makes sense where it accepts

    if (
      'accepts' in ref &&
      ours.error === undefined &&
      official.packet !== undefined &&
      ours.packet !== undefined
    ) {
      expectSamePacket(v.protocol, ours.packet, official.packet);
    }
    if ('accepts' in ref && official.packet !== undefined && ours.packet !== undefined) {
      expect(official.packet.nsp).toBe(ours.packet.nsp); // even where we complain, the namespace is the receiver's
    }
  });

  it.each(ENCODE_VECTORS.map((v) => [`§${v.src} v${v.protocol} ${v.text}`, v] as const))(
    'the official encoder writes %s too',
    (_, v) => {
      const official = officialEncode(v.protocol, toOfficialPacket(v.protocol, v.packet));
      expect(official.text).toBe(v.text);
      expect(official.attachments).toEqual(toUint8Arrays(v.attachments));
    },
  );
});

describe('generated valid packets', () => {
  it('official encoder → our decoder gives the same packet', () => {
    fc.assert(
      fc.property(outPacket, ({ protocol, packet }) => {
        const official = officialEncode(protocol, toOfficialPacket(protocol, packet));
        const ours = ourDecode(protocol, official.text, official.attachments);
        expect(ours.error).toBeUndefined();
        const decoded = ours.packet as SioPacket;
        expect(decoded.nsp).toBe(packet.nsp ?? '/');
        expect(decoded.id).toBe(packet.id);
        expect(decoded.data).toStrictEqual(packet.data);
        const binary = official.attachments.length > 0;
        expect(decoded.attachments).toBe(binary ? official.attachments.length : undefined);
        expect(TYPE_CODES[decoded.type]).toBe(TYPE_CODES[packet.type] + (binary ? 3 : 0));
      }),
      { numRuns: 400 },
    );
  });

  it('our encoder → official decoder gives the same packet', () => {
    fc.assert(
      fc.property(outPacket, ({ protocol, packet }) => {
        const ours = encodeSioPacket(packet, protocol);
        const official = officialDecode(protocol, ours.text, ours.attachments);
        expect(official.thrown).toBeUndefined();
        const decoded = official.packet as OfficialPacket;
        const binary = ours.attachments.length > 0;
        // 4.2.x reports 5/6 back as 2/3; 3.x keeps them.
        expect(decoded.type).toBe(TYPE_CODES[packet.type] + (binary && protocol === 4 ? 3 : 0));
        expect(decoded.nsp).toBe(packet.nsp ?? '/');
        expect(decoded.id).toBe(packet.id);
        expect(fromOfficial(decoded.data)).toStrictEqual(packet.data);
      }),
      { numRuns: 400 },
    );
  });

  it('both encoders write the same text and the same attachments', () => {
    fc.assert(
      fc.property(outPacket, ({ protocol, packet }) => {
        expect(encodeSioPacket(packet, protocol)).toEqual(
          officialEncode(protocol, toOfficialPacket(protocol, packet)),
        );
      }),
      { numRuns: 400 },
    );
  });
});

describe('arbitrary text against the reference decoder', () => {
  // Built from the grammar's parts, each one valid or slightly off, so that short strings hit the
  // edges (`3 []`, `0/a{}`, `51-1[]`, `5+1-`) far more often than random characters would.
  const part = (...options: string[]) => fc.option(fc.constantFrom(...options), { nil: '' });
  const structured = fc
    .tuple(
      fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', 'a', ''),
      part('1-', '0-', '2-', '11-', '-', '1', '+1-', ' 1-', '1.5-'),
      part('/a,', '/a', '/', '/,', '/a?x=1,', '/a[', ','),
      part('1', '0', '007', '99999999999999999999', ' ', '\t', '1 '),
      part(
        '[]',
        '{}',
        '[1]',
        '["a"]',
        '["connect"]',
        '{"a":1}',
        '"x"',
        'null',
        '[',
        '"x',
        ' []',
        '1',
        'true',
      ),
      part('', ' ', ']', ','),
    )
    .map((parts) => parts.join(''));
  const token = fc.constantFrom(...['0', '2', '3', '5', '-', '/', ',', ' ', '[]', '{}', '["a"]', '"', '1']);
  const text = fc.oneof(
    structured,
    fc.array(token, { maxLength: 8 }).map((tokens) => tokens.join('')),
  );

  it('what the reference rejects, we report; what we accept, the reference reads the same way', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...PROTOCOLS), (t, protocol) => {
        const official = officialDecode(protocol, t, []);
        const ours = decodeSioPacket(t, protocol);
        const refRejects =
          official.thrown !== undefined || (protocol === 4 && isV4ErrorPacket(official.packet));
        if (refRejects) expect(ours.error).toBeDefined();
        if (ours.error === undefined) {
          expect(refRejects).toBe(false);
          if (official.packet !== undefined)
            expectSamePacket(protocol, ours.packet as SioPacket, official.packet);
        }
      }),
      { numRuns: 4000 },
    );
  });
});

/** socket.io-parser 3.x answers an unknown type with an ERROR packet instead of throwing. */
function isV4ErrorPacket(packet: OfficialPacket | undefined): boolean {
  return packet?.type === 4 && typeof packet.data === 'string' && packet.data.startsWith('parser error');
}

// Guard for the comparisons above: the installed parsers are the generations we think they are.
it('runs against socket.io-parser protocol 5 and 4', () => {
  const v4 = createRequire(import.meta.url)('sio-parser-v4') as { protocol: number };
  const v5 = createRequire(import.meta.url)('socket.io-parser') as { protocol: number };
  expect([v5.protocol, v4.protocol]).toEqual([5, 4]);
});
