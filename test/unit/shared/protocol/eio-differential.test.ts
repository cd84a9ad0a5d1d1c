// Differential tests against the official parsers: engine.io-parser 5 (EIO4) and engine.io-parser 2.2.1
// (EIO3, installed as `eio-parser-v3`). Valid packets encoded by theirs decode the same with ours, and the
// other way round; on arbitrary and near-miss input, whatever ours decodes cleanly theirs decodes the same,
// and whatever theirs rejects ours rejects too (ours is stricter: base64, length syntax, UTF-8).
import { createRequire } from 'node:module';
import fc from 'fast-check';
import * as v4 from 'engine.io-parser';
import { describe, expect, it } from 'vitest';
import {
  decodeEioBinaryFrame,
  decodeEioText,
  encodeEioFrame,
  type EioDecoded,
  type EioPacketInput,
} from '../../../../shared/protocol/eio-packet';
import {
  decodePollingBinary,
  decodePollingText,
  encodePollingPayload,
} from '../../../../shared/protocol/eio-payload';
import type { EioPacketType } from '../../../../shared/record';
import {
  binaryPacket,
  nearMiss,
  plain,
  syntaxBytes,
  syntaxText,
  textPacket,
  throughUtf8,
  utf16String,
  utf16Unit,
  type Plain,
} from './eio-arbitraries';

/** A packet as the official parsers take it, and as they return it (type "error" included). */
interface TheirInput {
  readonly type: EioPacketType;
  readonly data?: string | Buffer;
}
interface TheirPacket {
  readonly type: string;
  readonly data?: string | Buffer;
}
/** The part of engine.io-parser 2.2.1 used here; its callbacks run synchronously. */
interface EioParserV3 {
  encodePacket(
    packet: TheirInput,
    supportsBinary: boolean,
    utf8encode: boolean,
    done: (e: string | Buffer) => void,
  ): void;
  encodePayload(packets: TheirInput[], supportsBinary: boolean, done: (e: string | Buffer) => void): void;
  encodePayloadAsBinary(packets: TheirInput[], done: (e: Buffer) => void): void;
  decodePacket(data: string | Buffer, binaryType?: string, utf8decode?: boolean): TheirPacket;
  decodePayload(
    data: string | Buffer,
    each: (packet: TheirPacket, index: number, total: number) => void,
  ): void;
}
const v3 = createRequire(import.meta.url)('eio-parser-v3') as EioParserV3;

const RUNS = { numRuns: 400 };

/** Runs a synchronous callback API and returns what it called back with. */
function sync<T>(run: (done: (value: T) => void) => void): T {
  let result: { value: T } | undefined;
  run((value) => (result = { value }));
  if (result === undefined) throw new Error('the callback was not called synchronously');
  return result.value;
}

/** Our packet as theirs: binary as a Buffer (engine.io-parser 2 wants one to detect binary). */
function theirs(packet: EioPacketInput): TheirInput {
  const { type, data } = packet;
  if (data === undefined) return { type };
  return { type, data: typeof data === 'string' ? data : Buffer.from(data) };
}

function v3DecodePayload(body: string | Buffer): TheirPacket[] {
  const packets: TheirPacket[] = [];
  v3.decodePayload(body, (packet) => {
    packets.push(packet);
  });
  return packets;
}

/** What survives UTF-8 in a v3 binary payload's string parts. */
function utf8Kept(packet: EioPacketInput): EioPacketInput {
  return typeof packet.data === 'string' ? { ...packet, data: throughUtf8(packet.data) } : packet;
}

const isError = (p: EioDecoded | TheirPacket): boolean => p.type === 'error';
const plains = (packets: readonly (EioDecoded | EioPacketInput | TheirPacket)[]): Plain[] =>
  packets.map(plain);

// v4 polling assumes \x1e never occurs in data (docs/protocol.md §1.7); WS frames may carry it.
const v4RecordText = fc.string({ unit: utf16Unit.filter((c) => c !== '\x1e'), maxLength: 20 });
const v4Frame = fc.oneof(textPacket(utf16String(20)), binaryPacket(4));
const v4Packets = fc.array(fc.oneof(textPacket(v4RecordText), binaryPacket(4)), {
  minLength: 1,
  maxLength: 8,
});
const v3Frame = fc.oneof(textPacket(utf16String(20)), binaryPacket(3));
const v3Packets = fc.array(v3Frame, { maxLength: 8 });

describe('engine.io-parser 5 (EIO4)', () => {
  it('their frames decode the same with ours', () => {
    fc.assert(
      fc.property(v4Frame, (packet) => {
        const frame = sync<string | Buffer>((done) => v4.encodePacket(theirs(packet), true, done));
        const decoded =
          typeof frame === 'string'
            ? decodeEioText(frame, 4)
            : decodeEioBinaryFrame(new Uint8Array(frame), 4);
        expect(plain(decoded)).toEqual(plain(packet));
        // Without binary support they send `b<base64>` in a text frame; ours reads that too.
        const text = sync<string>((done) => v4.encodePacket(theirs(packet), false, done));
        expect(plain(decodeEioText(text, 4))).toEqual(plain(packet));
      }),
      RUNS,
    );
  });

  it('our frames decode the same with theirs', () => {
    fc.assert(
      fc.property(v4Frame, (packet) => {
        expect(plain(v4.decodePacket(encodeEioFrame(packet, 4)))).toEqual(plain(packet));
      }),
      RUNS,
    );
  });

  it('their payloads decode the same with ours', () => {
    fc.assert(
      fc.property(v4Packets, (packets) => {
        const body = sync<string>((done) => v4.encodePayload(packets.map(theirs), done));
        expect(plains(decodePollingText(body, 4))).toEqual(plains(packets));
        expect(body).toBe(encodePollingPayload(packets, 4));
      }),
      RUNS,
    );
  });

  it('our payloads decode the same with theirs', () => {
    fc.assert(
      fc.property(v4Packets, (packets) => {
        const body = encodePollingPayload(packets, 4) as string;
        expect(plains(v4.decodePayload(body))).toEqual(plains(packets));
      }),
      RUNS,
    );
  });

  it('on any text: what ours decodes cleanly theirs decodes alike, what theirs rejects ours rejects', () => {
    const valid = v4Packets.map((packets) => encodePollingPayload(packets, 4) as string);
    fc.assert(
      fc.property(fc.oneof(valid, nearMiss(valid), syntaxText, fc.string()), (body) => {
        const ours = decodePollingText(body, 4);
        const their = v4.decodePayload(body);
        if (!ours.some(isError)) expect(plains(their)).toEqual(plains(ours));
        if (their.some(isError)) expect(ours.some(isError)).toBe(true);
        const frame = decodeEioText(body, 4);
        const theirFrame = v4.decodePacket(body);
        if (!isError(frame)) expect(plain(theirFrame)).toEqual(plain(frame));
        if (isError(theirFrame)) expect(isError(frame)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('engine.io-parser 2.2.1 (EIO3)', () => {
  it('their frames decode the same with ours', () => {
    fc.assert(
      fc.property(v3Frame, (packet) => {
        const frame = sync<string | Buffer>((done) => v3.encodePacket(theirs(packet), true, false, done));
        const decoded =
          typeof frame === 'string'
            ? decodeEioText(frame, 3)
            : decodeEioBinaryFrame(new Uint8Array(frame), 3);
        expect(plain(decoded)).toEqual(plain(packet));
      }),
      RUNS,
    );
  });

  it('our frames decode the same with theirs', () => {
    fc.assert(
      fc.property(v3Frame, (packet) => {
        const frame = encodeEioFrame(packet, 3);
        const their = v3.decodePacket(typeof frame === 'string' ? frame : Buffer.from(frame));
        expect(plain(their)).toEqual(plain(packet));
      }),
      RUNS,
    );
  });

  it('their text payloads (binary as b64) decode the same with ours, and match our encoding', () => {
    fc.assert(
      fc.property(v3Packets, (packets) => {
        const body = sync<string | Buffer>((done) => v3.encodePayload(packets.map(theirs), false, done));
        expect(typeof body).toBe('string');
        expect(plains(decodePollingText(body as string, 3))).toEqual(plains(packets));
        expect(body).toBe(encodePollingPayload(packets, 3));
      }),
      RUNS,
    );
  });

  it('their binary payloads decode the same with ours, and match our encoding', () => {
    fc.assert(
      fc.property(
        v3Packets.filter((packets) => packets.length > 0),
        (packets) => {
          // encodePayloadAsBinary writes even text-only payloads in the binary format.
          const body = sync<Buffer>((done) => v3.encodePayloadAsBinary(packets.map(theirs), done));
          expect(plains(decodePollingBinary(new Uint8Array(body), 3))).toEqual(plains(packets.map(utf8Kept)));
          // encodePayload with binary support picks the format like ours does with { binary: true }.
          const chosen = sync<string | Buffer>((done) => v3.encodePayload(packets.map(theirs), true, done));
          const ours = encodePollingPayload(packets, 3, { binary: true });
          if (typeof chosen === 'string') expect(ours).toBe(chosen);
          else expect(ours).toEqual(new Uint8Array(chosen));
        },
      ),
      RUNS,
    );
  });

  it('our payloads, text and binary, decode the same with theirs', () => {
    fc.assert(
      fc.property(v3Packets, (packets) => {
        const text = encodePollingPayload(packets, 3) as string;
        expect(plains(v3DecodePayload(text))).toEqual(plains(packets));
        const body = encodePollingPayload(packets, 3, { binary: true });
        const their = v3DecodePayload(typeof body === 'string' ? body : Buffer.from(body));
        expect(plains(their)).toEqual(plains(typeof body === 'string' ? packets : packets.map(utf8Kept)));
      }),
      RUNS,
    );
  });

  it('on any text: what ours decodes cleanly theirs decodes alike, what theirs rejects ours rejects', () => {
    const valid = v3Packets.map((packets) => encodePollingPayload(packets, 3) as string);
    fc.assert(
      fc.property(fc.oneof(valid, nearMiss(valid), syntaxText, fc.string()), (body) => {
        const ours = decodePollingText(body, 3);
        const their = v3DecodePayload(body);
        if (!ours.some(isError)) expect(plains(their)).toEqual(plains(ours));
        if (their.some(isError)) expect(ours.some(isError)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('on any bytes: the same, for binary payloads', () => {
    const valid = v3Packets
      .filter((packets) => packets.some((p) => p.data instanceof Uint8Array))
      .map((packets) => encodePollingPayload(packets, 3, { binary: true }) as Uint8Array);
    const nearMissBytes = fc.tuple(valid, fc.nat(), fc.nat(255)).map(([body, where, byte]) => {
      const copy = body.slice();
      if (copy.length > 0) copy[where % copy.length] = byte;
      return copy;
    });
    const withMarker = (body: Uint8Array): Uint8Array => Uint8Array.from([body.length % 2, ...body]);
    fc.assert(
      fc.property(fc.oneof(syntaxBytes.map(withMarker), nearMissBytes, valid), (body) => {
        // Ours reads a body that starts with an ASCII digit as a text payload; theirs never does.
        fc.pre(body.length > 0 && (body[0] === 0 || body[0] === 1));
        const ours = decodePollingBinary(body, 3);
        const their = v3DecodePayload(Buffer.from(body));
        if (!ours.some(isError)) expect(plains(their)).toEqual(plains(ours));
        if (their.some(isError)) expect(ours.some(isError)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
