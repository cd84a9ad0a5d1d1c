// fast-check arbitraries for valid Socket.IO packets, per protocol generation (docs/protocol.md §2.1): what
// the official encoders write and the official decoders accept, with `{$binary}` wherever binary may go.
import fc from 'fast-check';
import type { Json } from '../../../../shared/record';
import { RESERVED_EVENTS, type SioOutPacket, type SioProtocol } from '../../../../shared/protocol/sio-packet';

export const PROTOCOLS: readonly SioProtocol[] = [4, 5];

/**
 * Object keys. `__proto__` is left out because socket.io-parser's deconstructPacket assigns it and so
 * loses it (we keep it: see the packet tests); `$binary` and `_placeholder` would make ordinary data
 * look like binary.
 */
const key = fc
  .string({ maxLength: 6 })
  .filter((k) => k !== '__proto__' && k !== '$binary' && k !== '_placeholder');

const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  // -0 is written as 0 by JSON.stringify, so it cannot survive a round trip.
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)),
  fc.boolean(),
  fc.constant(null),
);

export const binaryLeaf: fc.Arbitrary<Json> = fc
  .uint8Array({ maxLength: 6 })
  .map((bytes) => ({ $binary: Buffer.from(bytes).toString('base64') }));

function tree(withBinary: boolean): fc.Arbitrary<Json> {
  return fc.letrec<{ node: Json }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      leaf,
      ...(withBinary ? [binaryLeaf, binaryLeaf] : []),
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(key, tie('node'), { maxKeys: 4, noNullPrototype: true }),
    ),
  })).node;
}

/** How many `{$binary}` values `value` holds: each becomes one attachment. */
function binaryCount(value: Json): number {
  if (value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.reduce((n: number, v: Json) => n + binaryCount(v), 0);
  if ('$binary' in value) return 1;
  return Object.values(value).reduce((n: number, v) => n + binaryCount(v as Json), 0);
}

/** socket.io-parser's default maxAttachments: packets the reference parsers accept, to compare with. */
const REFERENCE_MAX_ATTACHMENTS = 10;
const withinAttachmentLimit = (args: Json): boolean => binaryCount(args) <= REFERENCE_MAX_ATTACHMENTS;

/** Any JSON value, no binary. */
export const anyJson = tree(false);
/** Any JSON value with `{$binary}` values anywhere in it. */
export const binaryJson = tree(true);
const plainObject: fc.Arbitrary<Json> = fc.dictionary(key, anyJson, { maxKeys: 4, noNullPrototype: true });

const nsp = fc.oneof(
  fc.constant(undefined),
  fc.constant('/'),
  fc.string({ maxLength: 8 }).map((s) => `/${s.replaceAll(',', '')}`),
);
const id = fc.maxSafeNat();

function eventName(protocol: SioProtocol): fc.Arbitrary<Json> {
  const name =
    protocol === 5
      ? fc.string({ maxLength: 8 }).filter((s) => !RESERVED_EVENTS.has(s))
      : fc.string({ maxLength: 8 });
  return fc.oneof(name, fc.integer());
}

function packets(protocol: SioProtocol): fc.Arbitrary<SioOutPacket> {
  const event = fc.record(
    {
      type: fc.constant('EVENT' as const),
      nsp,
      id,
      data: fc
        .tuple(eventName(protocol), fc.array(binaryJson, { maxLength: 4 }))
        .map(([n, rest]): Json => [n, ...rest])
        .filter(withinAttachmentLimit),
    },
    { requiredKeys: ['type', 'data'] },
  );
  const ack = fc.record({
    type: fc.constant('ACK' as const),
    nsp,
    id,
    data: fc.array(binaryJson, { maxLength: 4 }).filter(withinAttachmentLimit),
  });
  const disconnect = fc.record({ type: fc.constant('DISCONNECT' as const), nsp }, { requiredKeys: ['type'] });
  if (protocol === 5) {
    const connect = fc.record(
      { type: fc.constant('CONNECT' as const), nsp, data: plainObject },
      { requiredKeys: ['type'] },
    );
    const connectError = fc.record(
      {
        type: fc.constant('CONNECT_ERROR' as const),
        nsp,
        data: fc.oneof(
          fc.string(),
          fc.record(
            { message: fc.string(), data: anyJson },
            { requiredKeys: ['message'], noNullPrototype: true },
          ) as fc.Arbitrary<Json>,
        ),
      },
      { requiredKeys: ['type', 'data'] },
    );
    return fc.oneof(connect, disconnect, event, ack, connectError);
  }
  // v4: the namespace of a CONNECT may carry the query (§2.5), and no payload.
  const query = fc.string({ maxLength: 8 }).map((s) => `/q?${encodeURIComponent(s)}=1`);
  const connect = fc.record(
    { type: fc.constant('CONNECT' as const), nsp: fc.oneof(nsp, query) },
    { requiredKeys: ['type'] },
  );
  const error = fc.record(
    { type: fc.constant('ERROR' as const), nsp, data: fc.oneof(fc.string(), plainObject) },
    { requiredKeys: ['type', 'data'] },
  );
  return fc.oneof(connect, disconnect, event, ack, error);
}

/** A valid packet and the protocol it is valid in. */
export const outPacket: fc.Arbitrary<{ readonly protocol: SioProtocol; readonly packet: SioOutPacket }> =
  fc.oneof(...PROTOCOLS.map((protocol) => packets(protocol).map((packet) => ({ protocol, packet }))));
