// The msgpack packet layer against socket.io-msgpack-parser itself (its notepack.io encoder and its
// checking decoder): generated packets both ways, the parser's own bytes for undefined, dates and
// browser ArrayBuffers, and totality on malformed input. The session decoder's part (which messages
// are msgpack, detection) is at the end.
import fc from 'fast-check';
import { Decoder as OfficialDecoder, Encoder as OfficialEncoder } from 'socket.io-msgpack-parser';
import { describe, expect, it } from 'vitest';
import { decodeSioMsgpack, encodeSioMsgpack } from '../../../../shared/protocol/sio-msgpack';
import type { SioOutPacket } from '../../../../shared/protocol/sio-packet';
import { decodeFrames, redecodeRecords, type FrameInput } from '../../../../shared/protocol/session-decoder';
import { ERROR_CODES } from '../../../../shared/protocol/errors';
import { isLifecycle, type Json, type PacketRecord } from '../../../../shared/record';
import { outPacket } from './sio-arbitraries';
import { bin, fromOfficial, toOfficial } from './sio-fixtures';

const TYPE_CODES = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4 } as const;

interface OfficialPacket {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}

function officialEncode(packet: OfficialPacket): Uint8Array {
  const [bytes] = new OfficialEncoder().encode(packet) as unknown as [Buffer];
  return new Uint8Array(bytes);
}

function officialDecode(bytes: Uint8Array): { packet?: OfficialPacket; thrown?: string } {
  const decoder = new OfficialDecoder();
  let packet: OfficialPacket | undefined;
  decoder.on('decoded', (p: OfficialPacket) => (packet = p));
  try {
    decoder.add(Buffer.from(bytes));
  } catch (e) {
    return { thrown: (e as Error).message };
  }
  return packet === undefined ? {} : { packet };
}

/** The v5 packets socket.io-msgpack-parser 3.x carries (no BINARY_* types: binary stays inline). */
const v5Packets = outPacket.filter(({ protocol }) => protocol === 5).map(({ packet }) => packet);

function asOfficial(packet: SioOutPacket): OfficialPacket {
  const out: OfficialPacket = {
    type: TYPE_CODES[packet.type as keyof typeof TYPE_CODES],
    nsp: packet.nsp ?? '/',
  };
  if (packet.data !== undefined) out.data = toOfficial(packet.data);
  if (packet.id !== undefined) out.id = packet.id;
  return out;
}

function expected(packet: SioOutPacket): Record<string, unknown> {
  return {
    type: packet.type,
    nsp: packet.nsp === undefined || packet.nsp === '' ? '/' : packet.nsp,
    ...(packet.id !== undefined && { id: packet.id }),
    ...(packet.data !== undefined && { data: packet.data }),
  };
}

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replaceAll(' ', ''), 'hex'));

describe('socket.io-msgpack-parser packets', () => {
  it('decodes what the official encoder writes as the official decoder reads it', () => {
    fc.assert(
      fc.property(v5Packets, (packet) => {
        const bytes = officialEncode(asOfficial(packet));
        const result = decodeSioMsgpack(bytes, 5);
        expect(result.error).toBeUndefined();
        // Compared with the reference's reading, not the input: notepack writes integral doubles
        // above 2^64 as a wrapped uint64, and both decoders read what is on the wire.
        const official = officialDecode(bytes).packet as OfficialPacket;
        expect(result.packet).toEqual(
          expected({ ...packet, ...('data' in official && { data: fromOfficial(official.data) as Json }) }),
        );
      }),
    );
  });

  it('writes what the official decoder accepts, with the same packet', () => {
    fc.assert(
      fc.property(v5Packets, (packet) => {
        const { packet: decoded, thrown } = officialDecode(encodeSioMsgpack(packet));
        expect(thrown).toBeUndefined();
        expect(fromOfficial(decoded)).toEqual(fromOfficial(asOfficial(packet)));
      }),
    );
  });

  it('reads notepack undefined (fixext 1, type 0) as an absent value, as the parser does', () => {
    // {type: 0, nsp: "/", data: undefined}: what socket.io-client sends for a CONNECT without auth.
    const bytes = officialEncode({ type: 0, nsp: '/', data: undefined });
    expect(Buffer.from(bytes).toString('hex')).toContain('d40000');
    expect(decodeSioMsgpack(bytes, 5)).toEqual({ packet: { type: 'CONNECT', nsp: '/' } });
    const withHole = officialEncode({ type: 2, nsp: '/', data: ['ev', undefined, { a: undefined, b: 1 }] });
    expect(decodeSioMsgpack(withHole, 5).packet?.data).toEqual(['ev', null, { b: 1 }]);
  });

  it('reads notepack dates and browser ArrayBuffers (extension type 0) as the parser does', () => {
    const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    const buffer = new Uint8Array([9, 8, 7, 6]).buffer;
    const bytes = officialEncode({ type: 2, nsp: '/', data: ['ev', when, buffer] });
    const official = officialDecode(bytes).packet?.data as unknown[];
    expect((official[1] as Date).getTime()).toBe(when.getTime());
    expect(decodeSioMsgpack(bytes, 5).packet?.data).toEqual(['ev', when.toISOString(), bin(9, 8, 7, 6)]);
  });

  it('keeps other extension types as notepack gives them, [type, bytes]', () => {
    // {type: 2, nsp: "/", data: ["ev", ext 5 <01 02>]}
    const bytes = hex('83 a4 74797065 02 a3 6e7370 a1 2f a4 64617461 92 a2 6576 d5 05 0102');
    expect(decodeSioMsgpack(bytes, 5).packet?.data).toEqual(['ev', [5, bin(1, 2)]]);
    expect(fromOfficial(officialDecode(bytes).packet?.data)).toEqual(['ev', [5, bin(1, 2)]]);
  });

  it('names protocol v4 types as socket.io 2 does, BINARY_EVENT included', () => {
    const bytes = encodeSioMsgpack({ type: 'ERROR', nsp: '/admin', data: 'Not authorized' });
    expect(decodeSioMsgpack(bytes, 4).packet).toEqual({
      type: 'ERROR',
      nsp: '/admin',
      data: 'Not authorized',
    });
    const binary = hex('83 a4 74797065 05 a3 6e7370 a1 2f a4 64617461 92 a2 6576 c4 01 ff');
    expect(decodeSioMsgpack(binary, 4).packet).toEqual({
      type: 'BINARY_EVENT',
      nsp: '/',
      data: ['ev', bin(0xff)],
    });
    expect(decodeSioMsgpack(binary, 5).error?.code).toBe('SIO_UNKNOWN_TYPE');
  });

  // The last column: socket.io-msgpack-parser refuses it too. It checks less than socket.io-parser does
  // (no reserved names, any integer id); here the rules are socket.io-parser's for both.
  const malformed: [string, Uint8Array, string, boolean?][] = [
    ['not msgpack at all', hex('c1'), 'SIO_MSGPACK_INVALID'],
    ['cut short', hex('83 a4 74797065 02 a3 6e73'), 'SIO_MSGPACK_INVALID'],
    ['trailing bytes', hex('82 a4 74797065 01 a3 6e7370 a1 2f 00'), 'SIO_MSGPACK_INVALID'],
    ['an array, not a map', hex('92 02 a1 2f'), 'SIO_MSGPACK_INVALID'],
    ['a huge declared array', hex('dd ffffffff'), 'SIO_MSGPACK_INVALID'],
    ['no type', hex('81 a3 6e7370 a1 2f'), 'SIO_UNKNOWN_TYPE'],
    ['type 9', hex('82 a4 74797065 09 a3 6e7370 a1 2f'), 'SIO_UNKNOWN_TYPE'],
    ['no namespace', hex('81 a4 74797065 01'), 'SIO_INVALID_PAYLOAD'],
    ['EVENT with a map', hex('83 a4 74797065 02 a3 6e7370 a1 2f a4 64617461 80'), 'SIO_INVALID_PAYLOAD'],
    ['DISCONNECT with data', hex('83 a4 74797065 01 a3 6e7370 a1 2f a4 64617461 01'), 'SIO_INVALID_PAYLOAD'],
    ['a reserved event', encodeSioMsgpack({ type: 'EVENT', data: ['connect'] }), 'SIO_RESERVED_EVENT', false],
    [
      'id -1',
      hex('84 a4 74797065 03 a3 6e7370 a1 2f a4 64617461 90 a2 6964 ff'),
      'SIO_ID_OUT_OF_RANGE',
      false,
    ],
    ['__proto__ key', hex('82 a4 74797065 00 a9 5f5f70726f746f5f5f 80'), 'SIO_MSGPACK_INVALID'],
  ];
  it.each(malformed)('%s is an error with a stable code', (_, bytes, code, refused = true) => {
    const { error } = decodeSioMsgpack(bytes, 5);
    expect(error?.code).toBe(code);
    expect(officialDecode(bytes).thrown !== undefined).toBe(refused);
  });

  it('stops at a hostile nesting depth instead of walking it', () => {
    const deep = new Uint8Array(5_000).fill(0x91);
    const bytes = Uint8Array.from([
      ...hex('83 a4 74797065 02 a3 6e7370 a1 2f a4 64617461 92 a2 6576'),
      ...deep,
      0xc0,
    ]);
    expect(decodeSioMsgpack(bytes, 5).error?.code).toBe('SIO_MSGPACK_INVALID');
  });

  it('is total: any bytes give a packet or a known error code, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const { packet, error } = decodeSioMsgpack(bytes, 5);
        expect(packet !== undefined || error !== undefined).toBe(true);
        if (error !== undefined) expect(Object.keys(ERROR_CODES)).toContain(error.code);
      }),
    );
  });
});

describe('session decoder with msgpack', () => {
  const open = (transport: 'websocket' | 'polling'): FrameInput => ({
    dir: 'in',
    transport,
    text: `0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`,
  });
  const connect = encodeSioMsgpack({ type: 'CONNECT', data: { token: 't' } });
  const event = encodeSioMsgpack({ type: 'EVENT', id: 1, data: ['file', bin(1, 2, 3)] });
  const packets = (records: ReturnType<typeof decodeFrames>): PacketRecord[] =>
    records.filter((r): r is PacketRecord => !isLifecycle(r));
  const sioOf = (records: ReturnType<typeof decodeFrames>): unknown[] =>
    packets(records).map((r) => r.sio ?? null);

  it('decodes binary websocket frames as whole packets with --parser msgpack, on EIO4 and EIO3', () => {
    const v4 = decodeFrames(
      [
        open('websocket'),
        { dir: 'out', transport: 'websocket', binary: connect },
        { dir: 'in', transport: 'websocket', binary: event },
      ],
      { eio: 4, parser: 'msgpack' },
    );
    expect(sioOf(v4)).toEqual([
      null,
      { type: 'CONNECT', nsp: '/', data: { token: 't' } },
      { type: 'EVENT', nsp: '/', id: 1, event: 'file', args: [bin(1, 2, 3)] },
    ]);
    expect(v4.some((r) => 'error' in r && r.error !== undefined)).toBe(false);
    // EIO3 puts the 0x04 message type byte first (docs/protocol.md §1.2).
    const v3 = decodeFrames([{ dir: 'in', transport: 'websocket', binary: Uint8Array.from([4, ...event]) }], {
      eio: 3,
      parser: 'msgpack',
    });
    expect(sioOf(v3)).toEqual([{ type: 'EVENT', nsp: '/', id: 1, event: 'file', args: [bin(1, 2, 3)] }]);
  });

  it('decodes base64 binary in EIO4 polling payloads', () => {
    const body = `b${Buffer.from(connect).toString('base64')}\x1eb${Buffer.from(event).toString('base64')}`;
    const records = decodeFrames([open('polling'), { dir: 'in', transport: 'polling', text: body }], {
      eio: 4,
      parser: 'msgpack',
    });
    expect(sioOf(records).slice(1)).toEqual([
      { type: 'CONNECT', nsp: '/', data: { token: 't' } },
      { type: 'EVENT', nsp: '/', id: 1, event: 'file', args: [bin(1, 2, 3)] },
    ]);
  });

  it('reports a text message under msgpack and keeps it', () => {
    const records = packets(
      decodeFrames([{ dir: 'out', transport: 'websocket', text: '40' }], { eio: 4, parser: 'msgpack' }),
    );
    expect(records[0]?.error?.code).toBe('SIO_MSGPACK_TEXT');
    expect(records[0]?.eio).toEqual({ type: 'message', data: '0' });
  });

  it('detects msgpack under the default parser, says so once in a note, and decodes as msgpack', () => {
    const records = decodeFrames(
      [
        open('websocket'),
        { dir: 'out', transport: 'websocket', binary: connect },
        { dir: 'in', transport: 'websocket', binary: event },
      ],
      { eio: 4 },
    );
    const notes = records.filter((r) => isLifecycle(r) && r.event === 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ frame: 1, message: expect.stringContaining('msgpack') });
    expect(sioOf(records).slice(1)).toEqual([
      { type: 'CONNECT', nsp: '/', data: { token: 't' } },
      { type: 'EVENT', nsp: '/', id: 1, event: 'file', args: [bin(1, 2, 3)] },
    ]);
  });

  it('does not take socket.io-parser attachments for msgpack', () => {
    const attachment = encodeSioMsgpack({ type: 'EVENT', data: ['looks', 'like', 'msgpack'] });
    const records = decodeFrames(
      [
        { dir: 'in', transport: 'websocket', text: '451-["up",{"_placeholder":true,"num":0}]' },
        { dir: 'in', transport: 'websocket', binary: attachment },
      ],
      { eio: 4 },
    );
    expect(records.some((r) => isLifecycle(r))).toBe(false);
    const [packet] = packets(records);
    expect(packet?.sio?.args).toEqual([{ $binary: Buffer.from(attachment).toString('base64') } as Json]);
  });
});

describe('re-decoding recorded records with another parser', () => {
  const frames: FrameInput[] = [
    {
      dir: 'in',
      transport: 'websocket',
      text: '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000}',
    },
    { dir: 'out', transport: 'websocket', binary: encodeSioMsgpack({ type: 'CONNECT' }) },
    { dir: 'in', transport: 'websocket', binary: encodeSioMsgpack({ type: 'CONNECT', data: { sid: 'x' } }) },
    { dir: 'in', transport: 'websocket', text: '451-["up",{"_placeholder":true,"num":0}]' },
    { dir: 'in', transport: 'websocket', binary: Uint8Array.from([1, 2]) },
  ];

  it('gives what decoding the frames with that parser gives', () => {
    const recorded = decodeFrames(frames, { eio: 4, parser: 'none' });
    for (const parser of ['socket.io', 'msgpack', 'none'] as const)
      expect(redecodeRecords(recorded, { parser })).toEqual(decodeFrames(frames, { eio: 4, parser }));
  });

  it('replaces the recorded parser note rather than repeating it', () => {
    const recorded = decodeFrames(frames, { eio: 4 });
    const notes = (records: ReturnType<typeof decodeFrames>): number =>
      records.filter((r) => isLifecycle(r) && r.event === 'note').length;
    expect(notes(recorded)).toBe(1);
    expect(notes(redecodeRecords(recorded, { parser: 'socket.io' }))).toBe(1);
    expect(notes(redecodeRecords(recorded, { parser: 'none' }))).toBe(0);
  });
});
