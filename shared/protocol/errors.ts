// Stable error codes for malformed input. Tools and tests match on `code`; `message` is for people.
// Decoders never throw for bad input: they return one of these.

export const ERROR_CODES = {
  // Frame lines (decode input)
  FRAME_LINE_INVALID: 'not a frame line',
  // Session files (shared/session/session-file.ts)
  SESSION_LINE_INVALID: 'not a session record',
  SESSION_LINE_TORN: 'torn last line',
  // HAR files (shared/session/har.ts)
  HAR_INVALID: 'not a HAR file',
  HAR_ENTRY_INVALID: 'unusable HAR entry',
  // Engine.IO packet
  EIO_EMPTY_PACKET: 'empty Engine.IO packet',
  EIO_UNKNOWN_TYPE: 'unknown Engine.IO packet type',
  EIO_INVALID_HANDSHAKE: 'open packet is not a valid handshake',
  EIO_INVALID_BASE64: 'invalid base64 in a binary packet',
  EIO_INVALID_UTF8: 'text packet is not valid UTF-8',
  // Engine.IO polling payload
  EIO_BAD_LENGTH: 'bad length prefix in a polling payload',
  EIO_BAD_PAYLOAD: 'malformed polling payload',
  // Socket.IO packet
  SIO_EMPTY_PACKET: 'empty Socket.IO packet',
  SIO_UNKNOWN_TYPE: 'unknown Socket.IO packet type',
  SIO_INVALID_JSON: 'Socket.IO payload is not valid JSON',
  SIO_INVALID_PAYLOAD: 'payload shape is wrong for the packet type',
  SIO_RESERVED_EVENT: 'reserved event name',
  SIO_BAD_ATTACHMENTS: 'bad attachment count',
  // socket.io-msgpack-parser packets (shared/protocol/sio-msgpack.ts)
  SIO_MSGPACK_INVALID: 'not a msgpack Socket.IO packet',
  SIO_MSGPACK_TEXT: 'text message where the msgpack parser sends only binary',
  SIO_ID_OUT_OF_RANGE: 'ack id out of range',
  // Binary attachments
  SIO_ATTACHMENT_MISSING: 'binary attachment missing',
  SIO_ATTACHMENT_UNEXPECTED: 'binary data when no attachment was expected',
  SIO_TOO_MANY_ATTACHMENTS: 'too many attachments',
  SIO_ATTACHMENTS_TOO_LARGE: 'attachments too large',
  SIO_BAD_PLACEHOLDER: 'bad binary placeholder',
  // Limits (shared/limits.ts): what a peer or a file sent was larger or deeper than the inspector takes
  JSON_TOO_DEEP: 'JSON nested too deeply',
  FRAME_TOO_LARGE: 'frame too large',
  BODY_TOO_LARGE: 'HTTP body too large',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface DecodeError {
  readonly code: ErrorCode;
  readonly message: string;
}

export function decodeError(code: ErrorCode, detail?: string): DecodeError {
  return { code, message: detail === undefined ? ERROR_CODES[code] : `${ERROR_CODES[code]}: ${detail}` };
}
