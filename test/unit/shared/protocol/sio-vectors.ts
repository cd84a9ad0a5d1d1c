// Every Socket.IO example of docs/protocol.md (§2.3, §2.4) and docs/test-vectors.md (§3.1–3.4, §4.1–4.2, §5),
// as tables the packet tests and the differential tests both run. Texts are the Socket.IO packet only
// (the Engine.IO `4` of the wire is already stripped).
import type { ErrorCode } from '../../../../shared/protocol/errors';
import type { SioOutPacket, SioPacket, SioProtocol } from '../../../../shared/protocol/sio-packet';
import { ascii, bin, placeholder, zeros } from './sio-fixtures';

export interface EncodeVector {
  readonly src: string;
  readonly protocol: SioProtocol;
  readonly packet: SioOutPacket;
  readonly text: string;
  readonly attachments?: readonly (readonly number[])[];
}

/** What the installed reference decoder (socket.io-parser 4.2.x for v5, 3.4.x for v4) does with the row. */
export type Reference =
  | { readonly accepts: true }
  | { readonly throws: string }
  /** socket.io-parser 3.x returns `{type: 4, data: "parser error: ..."}` instead of throwing. */
  | { readonly errorPacket: string };

export interface DecodeVector {
  readonly src: string;
  readonly protocol: SioProtocol;
  readonly text: string;
  /** Binary frames that follow the text (reconstructBinary gets them). */
  readonly attachments?: readonly (readonly number[])[];
  readonly maxAttachments?: number;
  /** What we make of it, data after reconstructBinary. Absent: no packet (a header error). */
  readonly packet?: SioPacket;
  readonly error?: ErrorCode;
  readonly reference: Reference;
  /** Why we report an error where the reference decoder accepts the input. */
  readonly stricter?: string;
}

const ACCEPTS = { accepts: true } as const;
const INVALID = { throws: 'invalid payload' } as const;
const ILLEGAL = { throws: 'Illegal attachments' } as const;
const PH0 = placeholder(0);
const PH1 = placeholder(1);
const PH2 = placeholder(2);

export const ENCODE_VECTORS: readonly EncodeVector[] = [
  // docs/protocol.md §2.3, socket.io-protocol v5 README
  { src: '2.3', protocol: 5, packet: { type: 'CONNECT', nsp: '/' }, text: '0' },
  {
    src: '2.3',
    protocol: 5,
    packet: { type: 'CONNECT', nsp: '/admin', data: { sid: 'oSO0OpakMV_3jnilAAAA' } },
    text: '0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"}',
  },
  {
    src: '2.3',
    protocol: 5,
    packet: { type: 'CONNECT_ERROR', nsp: '/', data: { message: 'Not authorized' } },
    text: '4{"message":"Not authorized"}',
  },
  { src: '2.3', protocol: 5, packet: { type: 'EVENT', nsp: '/', data: ['foo'] }, text: '2["foo"]' },
  {
    src: '2.3',
    protocol: 5,
    packet: { type: 'EVENT', nsp: '/admin', data: ['bar'] },
    text: '2/admin,["bar"]',
  },
  {
    src: '2.3',
    protocol: 5,
    packet: { type: 'EVENT', nsp: '/', data: ['baz', bin(1, 2, 3, 4)] },
    text: '51-["baz",{"_placeholder":true,"num":0}]',
    attachments: [[1, 2, 3, 4]],
  },
  {
    src: '2.3',
    protocol: 5,
    packet: { type: 'EVENT', nsp: '/admin', data: ['baz', bin(1, 2), bin(3, 4)] },
    text: '52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
    attachments: [
      [1, 2],
      [3, 4],
    ],
  },
  { src: '2.3', protocol: 5, packet: { type: 'EVENT', nsp: '/', data: ['foo'], id: 12 }, text: '212["foo"]' },
  {
    src: '2.3',
    protocol: 5,
    packet: { type: 'ACK', nsp: '/admin', data: ['bar'], id: 13 },
    text: '3/admin,13["bar"]',
  },
  {
    src: '2.3',
    protocol: 5,
    packet: { type: 'ACK', nsp: '/', data: ['bar', bin(1, 2, 3, 4)], id: 15 },
    text: '61-15["bar",{"_placeholder":true,"num":0}]',
    attachments: [[1, 2, 3, 4]],
  },
  { src: '2.3', protocol: 5, packet: { type: 'DISCONNECT', nsp: '/' }, text: '1' },
  { src: '2.3', protocol: 5, packet: { type: 'DISCONNECT', nsp: '/admin' }, text: '1/admin,' },

  // docs/protocol.md §2.4, socket.io-protocol v4 README (callers of socket.io-parser 3.x set BINARY_*
  // themselves)
  { src: '2.4', protocol: 4, packet: { type: 'CONNECT', nsp: '/' }, text: '0' },
  { src: '2.4', protocol: 4, packet: { type: 'CONNECT', nsp: '/admin' }, text: '0/admin,' },
  {
    src: '2.4',
    protocol: 4,
    packet: { type: 'CONNECT', nsp: '/admin?token=1234&uid=abcd' },
    text: '0/admin?token=1234&uid=abcd,',
  },
  { src: '2.4', protocol: 4, packet: { type: 'DISCONNECT', nsp: '/admin' }, text: '1/admin,' },
  { src: '2.4', protocol: 4, packet: { type: 'EVENT', nsp: '/', data: ['hello', 1] }, text: '2["hello",1]' },
  {
    src: '2.4',
    protocol: 4,
    packet: { type: 'EVENT', nsp: '/admin', data: ['project:delete', 123], id: 456 },
    text: '2/admin,456["project:delete",123]',
  },
  {
    src: '2.4',
    protocol: 4,
    packet: { type: 'ACK', nsp: '/admin', data: [], id: 456 },
    text: '3/admin,456[]',
  },
  {
    src: '2.4',
    protocol: 4,
    packet: { type: 'ERROR', nsp: '/admin', data: 'Not authorized' },
    text: '4/admin,"Not authorized"',
  },
  {
    src: '2.4',
    protocol: 4,
    packet: { type: 'BINARY_EVENT', nsp: '/', data: ['hello', bin(1, 2, 3)] },
    text: '51-["hello",{"_placeholder":true,"num":0}]',
    attachments: [[1, 2, 3]],
  },
  {
    src: '2.4',
    protocol: 4,
    packet: { type: 'BINARY_EVENT', nsp: '/admin', data: ['project:delete', bin(1, 2, 3)], id: 456 },
    text: '51-/admin,456["project:delete",{"_placeholder":true,"num":0}]',
    attachments: [[1, 2, 3]],
  },
  {
    src: '2.4',
    protocol: 4,
    packet: { type: 'BINARY_ACK', nsp: '/admin', data: [bin(3, 2, 1)], id: 456 },
    text: '61-/admin,456[{"_placeholder":true,"num":0}]',
    attachments: [[3, 2, 1]],
  },

  // §3.1, socket.io-parser 4.x
  { src: '3.1', protocol: 5, packet: { type: 'CONNECT', nsp: '/admin' }, text: '0/admin,' },
  {
    src: '3.1',
    protocol: 5,
    packet: { type: 'CONNECT', nsp: '/woot', data: { token: '123' } },
    text: '0/woot,{"token":"123"}',
  },
  {
    src: '3.1',
    protocol: 5,
    packet: { type: 'CONNECT', nsp: '/', data: { token: '123' } },
    text: '0{"token":"123"}',
  },
  { src: '3.1', protocol: 5, packet: { type: 'DISCONNECT', nsp: '/woot' }, text: '1/woot,' },
  { src: '3.1', protocol: 5, packet: { type: 'EVENT', nsp: '/', data: ['a', 1, {}] }, text: '2["a",1,{}]' },
  { src: '3.1', protocol: 5, packet: { type: 'EVENT', nsp: '/', data: [1, 'a', {}] }, text: '2[1,"a",{}]' },
  {
    src: '3.1',
    protocol: 5,
    packet: { type: 'EVENT', nsp: '/test', data: ['a', 1, {}], id: 1 },
    text: '2/test,1["a",1,{}]',
  },
  {
    src: '3.1',
    protocol: 5,
    packet: { type: 'ACK', nsp: '/', data: ['a', 1, {}], id: 123 },
    text: '3123["a",1,{}]',
  },
  { src: '3.1', protocol: 5, packet: { type: 'ACK', nsp: '/', data: [], id: 12 }, text: '312[]' },
  {
    src: '3.1',
    protocol: 5,
    packet: { type: 'CONNECT_ERROR', nsp: '/', data: 'Unauthorized' },
    text: '4"Unauthorized"',
  },
  {
    src: '3.1',
    protocol: 5,
    packet: { type: 'CONNECT_ERROR', nsp: '/', data: { message: 'Unauthorized' } },
    text: '4{"message":"Unauthorized"}',
  },
  {
    src: '3.1',
    protocol: 5,
    packet: { type: 'CONNECT_ERROR', nsp: '/random', data: { message: 'Invalid namespace' } },
    text: '4/random,{"message":"Invalid namespace"}',
  },
  {
    src: '3.1',
    protocol: 5,
    packet: { type: 'EVENT', nsp: '/cool', data: ['a', ascii('abc')], id: 23 },
    text: '51-/cool,23["a",{"_placeholder":true,"num":0}]',
    attachments: [[0x61, 0x62, 0x63]],
  },
  {
    src: '3.1',
    protocol: 5,
    packet: { type: 'EVENT', nsp: '/cool', data: ['a', { b: ['c', ascii('abc')] }], id: 23 },
    text: '51-/cool,23["a",{"b":["c",{"_placeholder":true,"num":0}]}]',
    attachments: [[0x61, 0x62, 0x63]],
  },
  {
    src: '3.1',
    protocol: 5,
    packet: { type: 'ACK', nsp: '/back', data: ['a', ascii('xxx'), {}], id: 127 },
    text: '61-/back,127["a",{"_placeholder":true,"num":0},{}]',
    attachments: [[0x78, 0x78, 0x78]],
  },
  {
    src: '3.1 (ack id 0 is written)',
    protocol: 5,
    packet: { type: 'EVENT', nsp: '/', data: ['a', zeros(2)], id: 0 },
    text: '51-0["a",{"_placeholder":true,"num":0}]',
    attachments: [[0, 0]],
  },
  {
    src: '3.1 (depth-first numbering)',
    protocol: 5,
    packet: {
      type: 'EVENT',
      nsp: '/deep',
      data: ['a', { a: 'hi', b: { why: zeros(3) }, c: { a: 'bye', b: { a: zeros(6) } } }],
      id: 999,
    },
    text: '52-/deep,999["a",{"a":"hi","b":{"why":{"_placeholder":true,"num":0}},"c":{"a":"bye","b":{"a":{"_placeholder":true,"num":1}}}}]',
    attachments: [
      [0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ],
  },
  {
    src: '3.1',
    protocol: 5,
    packet: { type: 'EVENT', nsp: '/', data: ['a', { a: 'b', c: 4, e: { g: null }, h: zeros(9) }], id: 600 },
    text: '51-600["a",{"a":"b","c":4,"e":{"g":null},"h":{"_placeholder":true,"num":0}}]',
    attachments: [[0, 0, 0, 0, 0, 0, 0, 0, 0]],
  },

  // §3.4, python-socketio 5.7.2 writes the same strings
  {
    src: '3.4',
    protocol: 5,
    packet: { type: 'EVENT', nsp: '/admin', data: ['foo'], id: 12 },
    text: '2/admin,12["foo"]',
  },

  // §4.1, socket.io-parser 3.4.x
  { src: '4.1', protocol: 4, packet: { type: 'CONNECT', nsp: '/woot' }, text: '0/woot,' },
  { src: '4.1', protocol: 4, packet: { type: 'DISCONNECT', nsp: '/woot' }, text: '1/woot,' },
  { src: '4.1', protocol: 4, packet: { type: 'EVENT', nsp: '/', data: ['a', 1, {}] }, text: '2["a",1,{}]' },
  {
    src: '4.1',
    protocol: 4,
    packet: { type: 'EVENT', nsp: '/test', data: ['a', 1, {}], id: 1 },
    text: '2/test,1["a",1,{}]',
  },
  {
    src: '4.1',
    protocol: 4,
    packet: { type: 'ACK', nsp: '/', data: ['a', 1, {}], id: 123 },
    text: '3123["a",1,{}]',
  },
  {
    src: '4.1',
    protocol: 4,
    packet: { type: 'ERROR', nsp: '/', data: 'Unauthorized' },
    text: '4"Unauthorized"',
  },
  {
    src: '4.1',
    protocol: 4,
    packet: { type: 'BINARY_EVENT', nsp: '/cool', data: ['a', ascii('abc')], id: 23 },
    text: '51-/cool,23["a",{"_placeholder":true,"num":0}]',
    attachments: [[0x61, 0x62, 0x63]],
  },
  {
    src: '4.1',
    protocol: 4,
    packet: { type: 'BINARY_ACK', nsp: '/back', data: ['a', ascii('xxx'), {}], id: 127 },
    text: '61-/back,127["a",{"_placeholder":true,"num":0},{}]',
    attachments: [[0x78, 0x78, 0x78]],
  },
  {
    src: '4.1 (a Buffer serialised by JSON.stringify is ordinary data, not binary)',
    protocol: 4,
    packet: { type: 'EVENT', nsp: '/', data: ['a', { type: 'Buffer', data: [97, 98, 99] }] },
    text: '2["a",{"type":"Buffer","data":[97,98,99]}]',
  },

  // §5, the Socket.IO side of one binary event on every stack
  {
    src: '5 (v5)',
    protocol: 5,
    packet: { type: 'EVENT', nsp: '/', data: ['baz', bin(1, 2, 3, 4)] },
    text: '51-["baz",{"_placeholder":true,"num":0}]',
    attachments: [[1, 2, 3, 4]],
  },
  {
    src: '5 (v4)',
    protocol: 4,
    packet: { type: 'BINARY_EVENT', nsp: '/', data: ['baz', bin(1, 2, 3, 4)] },
    text: '51-["baz",{"_placeholder":true,"num":0}]',
    attachments: [[1, 2, 3, 4]],
  },
];

/** socket.io-parser 4.2.6 isPacketValid: packets it calls invalid, written out and then decoded. */
export const INVALID_PACKETS: readonly {
  readonly packet: SioOutPacket;
  readonly text: string;
  readonly error: ErrorCode;
}[] = [
  {
    packet: { type: 'CONNECT', nsp: '/admin', data: 'invalid' },
    text: '0/admin,"invalid"',
    error: 'SIO_INVALID_PAYLOAD',
  },
  { packet: { type: 'CONNECT', data: [] }, text: '0[]', error: 'SIO_INVALID_PAYLOAD' },
  { packet: { type: 'DISCONNECT', data: {} }, text: '1{}', error: 'SIO_INVALID_PAYLOAD' },
  { packet: { type: 'EVENT', data: 'invalid' }, text: '2"invalid"', error: 'SIO_INVALID_PAYLOAD' },
  { packet: { type: 'EVENT', data: {} }, text: '2{}', error: 'SIO_INVALID_PAYLOAD' },
  {
    packet: { type: 'EVENT', data: { toString: 'foo' } },
    text: '2{"toString":"foo"}',
    error: 'SIO_INVALID_PAYLOAD',
  },
  { packet: { type: 'EVENT', data: [true, 'foo'] }, text: '2[true,"foo"]', error: 'SIO_INVALID_PAYLOAD' },
  { packet: { type: 'EVENT', data: [null, 'bar'] }, text: '2[null,"bar"]', error: 'SIO_INVALID_PAYLOAD' },
  { packet: { type: 'EVENT', data: ['connect'] }, text: '2["connect"]', error: 'SIO_RESERVED_EVENT' },
  {
    packet: { type: 'EVENT', data: ['disconnect', '123'] },
    text: '2["disconnect","123"]',
    error: 'SIO_RESERVED_EVENT',
  },
];

const BAZ = '51-["baz",{"_placeholder":true,"num":0}]';
const TWO = '{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}';

export const DECODE_VECTORS: readonly DecodeVector[] = [
  // docs/protocol.md §2.3, the README's sample session (v5, EIO4)
  { src: '2.3 session', protocol: 5, text: '0', packet: { type: 'CONNECT', nsp: '/' }, reference: ACCEPTS },
  {
    src: '2.3 session',
    protocol: 5,
    text: '0{"sid":"wZX3oN0bSVIhsaknAAAI"}',
    packet: { type: 'CONNECT', nsp: '/', data: { sid: 'wZX3oN0bSVIhsaknAAAI' } },
    reference: ACCEPTS,
  },
  {
    src: '2.3 session',
    protocol: 5,
    text: '2["hey","Jude"]',
    packet: { type: 'EVENT', nsp: '/', data: ['hey', 'Jude'] },
    reference: ACCEPTS,
  },
  {
    src: '2.3 session',
    protocol: 5,
    text: '2["hello"]',
    packet: { type: 'EVENT', nsp: '/', data: ['hello'] },
    reference: ACCEPTS,
  },
  {
    src: '2.3 session',
    protocol: 5,
    text: '2["world"]',
    packet: { type: 'EVENT', nsp: '/', data: ['world'] },
    reference: ACCEPTS,
  },
  {
    src: '2.3 session',
    protocol: 5,
    text: '0/admin,',
    packet: { type: 'CONNECT', nsp: '/admin' },
    reference: ACCEPTS,
  },
  {
    src: '2.3 session',
    protocol: 5,
    text: '0/admin,{"sid":"-G5j-67EZFp-q59rADQM"}',
    packet: { type: 'CONNECT', nsp: '/admin', data: { sid: '-G5j-67EZFp-q59rADQM' } },
    reference: ACCEPTS,
  },
  {
    src: '2.3 session',
    protocol: 5,
    text: '2/admin,1["tellme"]',
    packet: { type: 'EVENT', nsp: '/admin', id: 1, data: ['tellme'] },
    reference: ACCEPTS,
  },
  {
    src: '2.3 session',
    protocol: 5,
    text: '61-/admin,1[{"_placeholder":true,"num":0}]',
    attachments: [[0xca, 0xfe]],
    packet: { type: 'BINARY_ACK', nsp: '/admin', id: 1, attachments: 1, data: [bin(0xca, 0xfe)] },
    reference: ACCEPTS,
  },

  // docs/protocol.md §2.4, the README's sample session (v4, EIO3): the server's implicit CONNECT for `/`
  // (`2:40`) and the rest
  { src: '2.4 session', protocol: 4, text: '0', packet: { type: 'CONNECT', nsp: '/' }, reference: ACCEPTS },
  {
    src: '2.4 session',
    protocol: 4,
    text: '2["hello"]',
    packet: { type: 'EVENT', nsp: '/', data: ['hello'] },
    reference: ACCEPTS,
  },
  {
    src: '2.4 session',
    protocol: 4,
    text: '2["world"]',
    packet: { type: 'EVENT', nsp: '/', data: ['world'] },
    reference: ACCEPTS,
  },
  {
    src: '2.4 session',
    protocol: 4,
    text: '2["hey","Jude"]',
    packet: { type: 'EVENT', nsp: '/', data: ['hey', 'Jude'] },
    reference: ACCEPTS,
  },
  {
    src: '2.4 session',
    protocol: 4,
    text: '0/admin,',
    packet: { type: 'CONNECT', nsp: '/admin' },
    reference: ACCEPTS,
  },
  {
    src: '2.4 session',
    protocol: 4,
    text: '2/admin,1["tellme"]',
    packet: { type: 'EVENT', nsp: '/admin', id: 1, data: ['tellme'] },
    reference: ACCEPTS,
  },
  {
    src: '2.4 session',
    protocol: 4,
    text: '61-/admin,1[{"_placeholder":true,"num":0}]',
    attachments: [[9]],
    packet: { type: 'BINARY_ACK', nsp: '/admin', id: 1, attachments: 1, data: [bin(9)] },
    reference: ACCEPTS,
  },

  // §3.2 decode, socket.io-parser 4.x
  {
    src: '3.2',
    protocol: 5,
    text: '0/admin',
    packet: { type: 'CONNECT', nsp: '/admin' },
    reference: ACCEPTS,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '0/admin,{"token":"123"}',
    packet: { type: 'CONNECT', nsp: '/admin', data: { token: '123' } },
    reference: ACCEPTS,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '212["foo"]',
    packet: { type: 'EVENT', nsp: '/', id: 12, data: ['foo'] },
    reference: ACCEPTS,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '3/admin,13["bar"]',
    packet: { type: 'ACK', nsp: '/admin', id: 13, data: ['bar'] },
    reference: ACCEPTS,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '2',
    packet: { type: 'EVENT', nsp: '/' },
    error: 'SIO_INVALID_PAYLOAD',
    reference: ACCEPTS,
    stricter: 'an EVENT without payload has no event name',
  },
  { src: '3.2', protocol: 5, text: '3', packet: { type: 'ACK', nsp: '/' }, reference: ACCEPTS },
  {
    src: '3.2',
    protocol: 5,
    text: BAZ,
    attachments: [[1, 2, 3, 4]],
    packet: { type: 'BINARY_EVENT', nsp: '/', attachments: 1, data: ['baz', bin(1, 2, 3, 4)] },
    reference: ACCEPTS,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '61-15["bar",{"_placeholder":true,"num":0}]',
    attachments: [[1, 2, 3, 4]],
    packet: { type: 'BINARY_ACK', nsp: '/', id: 15, attachments: 1, data: ['bar', bin(1, 2, 3, 4)] },
    reference: ACCEPTS,
  },
  {
    src: '3.2 (4.2.4 emitted it; ≥4.2.6 rejects 0 attachments)',
    protocol: 5,
    text: '50-["a"]',
    packet: { type: 'BINARY_EVENT', nsp: '/', attachments: 0, data: ['a'] },
    error: 'SIO_BAD_ATTACHMENTS',
    reference: ILLEGAL,
  },
  {
    src: '3.2 (first packet of the destroy() test)',
    protocol: 5,
    text: '51-["hello"]',
    packet: { type: 'BINARY_EVENT', nsp: '/', attachments: 1, data: ['hello'] },
    reference: ACCEPTS,
  },
  {
    src: '3.2 (missing comma)',
    protocol: 5,
    text: '2/admin["x"]',
    packet: { type: 'EVENT', nsp: '/admin["x"]' },
    error: 'SIO_INVALID_PAYLOAD',
    reference: ACCEPTS,
    stricter: 'the namespace swallowed the payload',
  },
  // §3.2 errors
  {
    src: '3.2',
    protocol: 5,
    text: '442["some","data"',
    packet: { type: 'CONNECT_ERROR', nsp: '/', id: 42 },
    error: 'SIO_INVALID_JSON',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '0/admin,"invalid"',
    packet: { type: 'CONNECT', nsp: '/admin', data: 'invalid' },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '0[]',
    packet: { type: 'CONNECT', nsp: '/', data: [] },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '1/admin,{}',
    packet: { type: 'DISCONNECT', nsp: '/admin', data: {} },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '2/admin,"invalid',
    packet: { type: 'EVENT', nsp: '/admin' },
    error: 'SIO_INVALID_JSON',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '2/admin,{}',
    packet: { type: 'EVENT', nsp: '/admin', data: {} },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '2[{"toString":"foo"}]',
    packet: { type: 'EVENT', nsp: '/', data: [{ toString: 'foo' }] },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '2[true,"foo"]',
    packet: { type: 'EVENT', nsp: '/', data: [true, 'foo'] },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '2[null,"bar"]',
    packet: { type: 'EVENT', nsp: '/', data: [null, 'bar'] },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '2["connect"]',
    packet: { type: 'EVENT', nsp: '/', data: ['connect'] },
    error: 'SIO_RESERVED_EVENT',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '2["disconnect","123"]',
    packet: { type: 'EVENT', nsp: '/', data: ['disconnect', '123'] },
    error: 'SIO_RESERVED_EVENT',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '2[]',
    packet: { type: 'EVENT', nsp: '/', data: [] },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '2{}',
    packet: { type: 'EVENT', nsp: '/', data: {} },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '2abc["message-with-ack",1]',
    packet: { type: 'EVENT', nsp: '/' },
    error: 'SIO_INVALID_JSON',
    reference: INVALID,
  },
  {
    src: '3.2',
    protocol: 5,
    text: '999',
    error: 'SIO_UNKNOWN_TYPE',
    reference: { throws: 'unknown packet type 9' },
  },
  { src: '3.2', protocol: 5, text: '5', error: 'SIO_BAD_ATTACHMENTS', reference: ILLEGAL },
  { src: '3.2', protocol: 5, text: '51', error: 'SIO_BAD_ATTACHMENTS', reference: ILLEGAL },
  { src: '3.2', protocol: 5, text: '5a-', error: 'SIO_BAD_ATTACHMENTS', reference: ILLEGAL },
  { src: '3.2', protocol: 5, text: '51.23-', error: 'SIO_BAD_ATTACHMENTS', reference: ILLEGAL },
  {
    src: '3.2',
    protocol: 5,
    text: `53-["a",${TWO},{"_placeholder":true,"num":2}]`,
    maxAttachments: 2,
    packet: { type: 'BINARY_EVENT', nsp: '/', attachments: 3, data: ['a', PH0, PH1, PH2] },
    error: 'SIO_TOO_MANY_ATTACHMENTS',
    reference: { throws: 'too many attachments' },
  },
  {
    src: '3.2 (buffer.js)',
    protocol: 5,
    text: '51-["hello",{"_placeholder":true,"num":"splice"}]',
    attachments: [[0x77, 0x6f, 0x72, 0x6c, 0x64]],
    packet: { type: 'BINARY_EVENT', nsp: '/', attachments: 1, data: ['hello', placeholder('splice')] },
    error: 'SIO_BAD_PLACEHOLDER',
    reference: { throws: 'illegal attachments' },
  },
  {
    src: '3.2 (buffer.js)',
    protocol: 5,
    text: '51-["hello",{"_placeholder":true,"num":1}]',
    attachments: [[0x77, 0x6f, 0x72, 0x6c, 0x64]],
    packet: { type: 'BINARY_EVENT', nsp: '/', attachments: 1, data: ['hello', PH1] },
    error: 'SIO_BAD_PLACEHOLDER',
    reference: { throws: 'illegal attachments' },
  },

  // §3.3 socket.io-protocol test-suite (EIO4 WebSocket)
  {
    src: '3.3',
    protocol: 5,
    text: '0{"sid":"eYUJvSj0QN3BnTbtAAAB"}',
    packet: { type: 'CONNECT', nsp: '/', data: { sid: 'eYUJvSj0QN3BnTbtAAAB' } },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '2["auth",{}]',
    packet: { type: 'EVENT', nsp: '/', data: ['auth', {}] },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '0{"token":"123"}',
    packet: { type: 'CONNECT', nsp: '/', data: { token: '123' } },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '2["auth",{"token":"123"}]',
    packet: { type: 'EVENT', nsp: '/', data: ['auth', { token: '123' }] },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '0/custom,',
    packet: { type: 'CONNECT', nsp: '/custom' },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '0/custom,{"sid":"x9Dc0Zq8Bq_2kEnXAAAD"}',
    packet: { type: 'CONNECT', nsp: '/custom', data: { sid: 'x9Dc0Zq8Bq_2kEnXAAAD' } },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '2/custom,["auth",{}]',
    packet: { type: 'EVENT', nsp: '/custom', data: ['auth', {}] },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '0/custom,{"token":"abc"}',
    packet: { type: 'CONNECT', nsp: '/custom', data: { token: 'abc' } },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '2/custom,["auth",{"token":"abc"}]',
    packet: { type: 'EVENT', nsp: '/custom', data: ['auth', { token: 'abc' }] },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '0/random',
    packet: { type: 'CONNECT', nsp: '/random' },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '4/random,{"message":"Invalid namespace"}',
    packet: { type: 'CONNECT_ERROR', nsp: '/random', data: { message: 'Invalid namespace' } },
    reference: ACCEPTS,
  },
  {
    src: '3.3 (wire 4abc)',
    protocol: 5,
    text: 'abc',
    error: 'SIO_UNKNOWN_TYPE',
    reference: { throws: 'unknown packet type NaN' },
  },
  { src: '3.3', protocol: 5, text: '1', packet: { type: 'DISCONNECT', nsp: '/' }, reference: ACCEPTS },
  {
    src: '3.3',
    protocol: 5,
    text: '0/custom',
    packet: { type: 'CONNECT', nsp: '/custom' },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '1/custom',
    packet: { type: 'DISCONNECT', nsp: '/custom' },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '2["message","message to main namespace"]',
    packet: { type: 'EVENT', nsp: '/', data: ['message', 'message to main namespace'] },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '2["message-back","message to main namespace"]',
    packet: { type: 'EVENT', nsp: '/', data: ['message-back', 'message to main namespace'] },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '2["message",1,"2",{"3":[true]}]',
    packet: { type: 'EVENT', nsp: '/', data: ['message', 1, '2', { 3: [true] }] },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '2["message-back",1,"2",{"3":[true]}]',
    packet: { type: 'EVENT', nsp: '/', data: ['message-back', 1, '2', { 3: [true] }] },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: `52-["message",${TWO}]`,
    attachments: [
      [1, 2, 3],
      [4, 5, 6],
    ],
    packet: { type: 'BINARY_EVENT', nsp: '/', attachments: 2, data: ['message', bin(1, 2, 3), bin(4, 5, 6)] },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: `52-["message-back",${TWO}]`,
    attachments: [
      [1, 2, 3],
      [4, 5, 6],
    ],
    packet: {
      type: 'BINARY_EVENT',
      nsp: '/',
      attachments: 2,
      data: ['message-back', bin(1, 2, 3), bin(4, 5, 6)],
    },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '2456["message-with-ack",1,"2",{"3":[false]}]',
    packet: { type: 'EVENT', nsp: '/', id: 456, data: ['message-with-ack', 1, '2', { 3: [false] }] },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: '3456[1,"2",{"3":[false]}]',
    packet: { type: 'ACK', nsp: '/', id: 456, data: [1, '2', { 3: [false] }] },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: `52-789["message-with-ack",${TWO}]`,
    attachments: [
      [1, 2, 3],
      [4, 5, 6],
    ],
    packet: {
      type: 'BINARY_EVENT',
      nsp: '/',
      id: 789,
      attachments: 2,
      data: ['message-with-ack', bin(1, 2, 3), bin(4, 5, 6)],
    },
    reference: ACCEPTS,
  },
  {
    src: '3.3',
    protocol: 5,
    text: `62-789[${TWO}]`,
    attachments: [
      [1, 2, 3],
      [4, 5, 6],
    ],
    packet: { type: 'BINARY_ACK', nsp: '/', id: 789, attachments: 2, data: [bin(1, 2, 3), bin(4, 5, 6)] },
    reference: ACCEPTS,
  },
  {
    src: '3.3 (server closes)',
    protocol: 5,
    text: '2abc["message-with-ack",1,"2",{"3":[false]}]',
    packet: { type: 'EVENT', nsp: '/' },
    error: 'SIO_INVALID_JSON',
    reference: INVALID,
  },

  // §3.4 python-socketio cross-check: the JS reading, where the two differ
  {
    src: '3.4',
    protocol: 5,
    text: '4{"message":"Not authorized"}',
    packet: { type: 'CONNECT_ERROR', nsp: '/', data: { message: 'Not authorized' } },
    reference: ACCEPTS,
  },
  {
    src: '3.4',
    protocol: 5,
    text: BAZ,
    attachments: [[1, 2, 3, 4]],
    packet: { type: 'BINARY_EVENT', nsp: '/', attachments: 1, data: ['baz', bin(1, 2, 3, 4)] },
    reference: ACCEPTS,
  },
  {
    src: '3.4',
    protocol: 5,
    text: '2/admin,12["foo"]',
    packet: { type: 'EVENT', nsp: '/admin', id: 12, data: ['foo'] },
    reference: ACCEPTS,
  },
  {
    src: '3.4 (python drops the query; the JS parser keeps it)',
    protocol: 5,
    text: '0/admin?x=1,{"a":1}',
    packet: { type: 'CONNECT', nsp: '/admin?x=1', data: { a: 1 } },
    reference: ACCEPTS,
  },
  {
    src: '3.4',
    protocol: 5,
    text: '2/admin',
    packet: { type: 'EVENT', nsp: '/admin' },
    error: 'SIO_INVALID_PAYLOAD',
    reference: ACCEPTS,
    stricter: 'an EVENT without payload has no event name',
  },

  // §4.2 decode, socket.io-parser 3.4.x
  {
    src: '4.2',
    protocol: 4,
    text: '0/admin?token=1234&uid=abcd,',
    packet: { type: 'CONNECT', nsp: '/admin?token=1234&uid=abcd' },
    reference: ACCEPTS,
  },
  {
    src: '4.2',
    protocol: 4,
    text: '4/admin,"Not authorized"',
    packet: { type: 'ERROR', nsp: '/admin', data: 'Not authorized' },
    reference: ACCEPTS,
  },
  {
    src: '4.2 (type stays 5)',
    protocol: 4,
    text: '51-/cool,23["a",{"_placeholder":true,"num":0}]',
    attachments: [[0x61, 0x62, 0x63]],
    packet: { type: 'BINARY_EVENT', nsp: '/cool', id: 23, attachments: 1, data: ['a', ascii('abc')] },
    reference: ACCEPTS,
  },
  {
    src: '4.2',
    protocol: 4,
    text: '999',
    error: 'SIO_UNKNOWN_TYPE',
    reference: { errorPacket: 'parser error: unknown packet type 9' },
  },
  {
    src: '4.2',
    protocol: 4,
    text: '9',
    error: 'SIO_UNKNOWN_TYPE',
    reference: { errorPacket: 'parser error: unknown packet type 9' },
  },
  {
    src: '4.2',
    protocol: 4,
    text: '7',
    error: 'SIO_UNKNOWN_TYPE',
    reference: { errorPacket: 'parser error: unknown packet type 7' },
  },
  {
    src: '4.2 (lenient)',
    protocol: 4,
    text: '0[]',
    packet: { type: 'CONNECT', nsp: '/', data: [] },
    reference: ACCEPTS,
  },
  {
    src: '4.2 (no reserved names in v4)',
    protocol: 4,
    text: '2["connect"]',
    packet: { type: 'EVENT', nsp: '/', data: ['connect'] },
    reference: ACCEPTS,
  },
  {
    src: '4.2',
    protocol: 4,
    text: '442["some","data"',
    packet: { type: 'ERROR', nsp: '/', id: 42 },
    error: 'SIO_INVALID_JSON',
    reference: INVALID,
  },
  {
    src: '4.2',
    protocol: 4,
    text: '0/admin,"invalid"',
    packet: { type: 'CONNECT', nsp: '/admin', data: 'invalid' },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '4.2',
    protocol: 4,
    text: '1/admin,{}',
    packet: { type: 'DISCONNECT', nsp: '/admin', data: {} },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '4.2',
    protocol: 4,
    text: '2/admin,"invalid',
    packet: { type: 'EVENT', nsp: '/admin' },
    error: 'SIO_INVALID_JSON',
    reference: INVALID,
  },
  {
    src: '4.2',
    protocol: 4,
    text: '2/admin,{}',
    packet: { type: 'EVENT', nsp: '/admin', data: {} },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '4.2',
    protocol: 4,
    text: '2[{"toString":"foo"}]',
    packet: { type: 'EVENT', nsp: '/', data: [{ toString: 'foo' }] },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '4.2',
    protocol: 4,
    text: '2[true,"foo"]',
    packet: { type: 'EVENT', nsp: '/', data: [true, 'foo'] },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  {
    src: '4.2',
    protocol: 4,
    text: '2[null,"bar"]',
    packet: { type: 'EVENT', nsp: '/', data: [null, 'bar'] },
    error: 'SIO_INVALID_PAYLOAD',
    reference: INVALID,
  },
  { src: '4.2', protocol: 4, text: '5', error: 'SIO_BAD_ATTACHMENTS', reference: ILLEGAL },
  {
    src: '4.2 (attachment errors as in v5)',
    protocol: 4,
    text: '51-["hello",{"_placeholder":true,"num":"splice"}]',
    attachments: [[0x77, 0x6f, 0x72, 0x6c, 0x64]],
    packet: { type: 'BINARY_EVENT', nsp: '/', attachments: 1, data: ['hello', placeholder('splice')] },
    error: 'SIO_BAD_PLACEHOLDER',
    reference: { throws: 'illegal attachments' },
  },
  {
    src: '4.2 (attachment errors as in v5)',
    protocol: 4,
    text: '51-["hello",{"_placeholder":true,"num":1}]',
    attachments: [[0x77, 0x6f, 0x72, 0x6c, 0x64]],
    packet: { type: 'BINARY_EVENT', nsp: '/', attachments: 1, data: ['hello', PH1] },
    error: 'SIO_BAD_PLACEHOLDER',
    reference: { throws: 'illegal attachments' },
  },

  // Extra rows: where we are stricter than the reference decoder, and why
  {
    src: 'extra',
    protocol: 5,
    text: '',
    error: 'SIO_EMPTY_PACKET',
    reference: ACCEPTS,
    stricter: "socket.io-parser reads '' as CONNECT to '/' (type Number('') = 0)",
  },
  {
    src: 'extra',
    protocol: 5,
    text: '2 ["x"]',
    packet: { type: 'EVENT', nsp: '/', data: ['x'] },
    error: 'SIO_INVALID_PAYLOAD',
    reference: ACCEPTS,
    stricter: 'socket.io-parser reads the space as ack id 0',
  },
  {
    src: 'extra',
    protocol: 5,
    text: '299999999999999999999["x"]',
    packet: { type: 'EVENT', nsp: '/', data: ['x'] },
    error: 'SIO_ID_OUT_OF_RANGE',
    reference: ACCEPTS,
    stricter: 'socket.io-parser keeps the id as 100000000000000000000, which no ack can match exactly',
  },
  {
    src: 'extra',
    protocol: 5,
    text: '4',
    packet: { type: 'CONNECT_ERROR', nsp: '/' },
    error: 'SIO_INVALID_PAYLOAD',
    reference: ACCEPTS,
    stricter: 'socket.io-client reads packet.data.message and fails on a CONNECT_ERROR without payload',
  },
  {
    src: 'extra',
    protocol: 5,
    text: '5+1-["a",{"_placeholder":true,"num":0}]',
    error: 'SIO_BAD_ATTACHMENTS',
    reference: ACCEPTS,
    stricter: "socket.io-parser accepts any count Number() parses, '+1' included",
  },
  {
    src: 'extra',
    protocol: 4,
    text: '50-["a"]',
    packet: { type: 'BINARY_EVENT', nsp: '/', attachments: 0, data: ['a'] },
    error: 'SIO_BAD_ATTACHMENTS',
    reference: ILLEGAL,
  },
  {
    src: 'extra',
    protocol: 4,
    text: '2[1,"a"]',
    packet: { type: 'EVENT', nsp: '/', data: [1, 'a'] },
    reference: ACCEPTS,
  },

  // §5, the Socket.IO side of one binary event, both generations
  {
    src: '5',
    protocol: 4,
    text: BAZ,
    attachments: [[1, 2, 3, 4]],
    packet: { type: 'BINARY_EVENT', nsp: '/', attachments: 1, data: ['baz', bin(1, 2, 3, 4)] },
    reference: ACCEPTS,
  },
];
