// How much the inspector takes from a peer or a file, in one place (README.md, "Security"). Everything a
// server, a proxied client or a file sends is hostile: past one of these limits the frame, body or
// request becomes an error record with its code, the connection that sent it is closed where it must be,
// and every other connection, proxy client and session goes on. Generous for real traffic (socket.io's
// own defaults are 1 MB per message and 10 attachments), small enough that one peer cannot exhaust the
// process.

const MIB = 1024 * 1024;

/** One WebSocket frame, in bytes (the engine's and the proxy's `ws` maxPayload). */
export const MAX_FRAME_BYTES = 64 * MIB;

/** One HTTP long-polling response body the engine reads, in bytes. */
export const MAX_POLLING_BODY_BYTES = 64 * MIB;

/**
 * One HTTP body the proxy decodes, after decompression. Bodies are forwarded as they arrive either way;
 * past this the proxy stops decoding the body (an error record) instead of holding more of it.
 */
export const MAX_PROXY_BODY_BYTES = 64 * MIB;

/**
 * JSON nesting of anything parsed from a peer or a file. JSON.parse itself copes with deep input, but
 * JSON.stringify and every recursive walk overflow the stack a few thousand levels down; a value deeper
 * than this is refused where it is parsed, so no deeper value exists anywhere downstream.
 */
export const MAX_JSON_DEPTH = 256;

/** Attachments one BINARY_EVENT / BINARY_ACK may announce (socket.io-parser ≥4.2.6 allows 10). */
export const MAX_PENDING_ATTACHMENTS = 10;

/** Bytes of bridge replies and events waiting for one web-host client to read them. */
export const MAX_QUEUED_BRIDGE_BYTES = 64 * MIB;

/**
 * One line of a file (frame lines, a session file): room for a MAX_FRAME_BYTES binary frame as base64
 * in JSON. A longer line is never held whole: it becomes an input-error record, and reading goes on.
 */
export const MAX_LINE_CHARS = 128 * MIB;

/** Bridge requests of one web-host client waiting their turn; more, and the client is dropped. */
export const MAX_QUEUED_BRIDGE_REQUESTS = 256;

/**
 * Characters of Engine.IO entries one HAR import holds: a HAR streams entry by entry and only its
 * Engine.IO entries are kept (to be put in time order), so the file may be any size. Past this the
 * rest of the file is not read, and an input-error record says where it stopped.
 */
export const MAX_HAR_ENGINE_IO_CHARS = 32 * MIB;

/** A session file `replay` loads: it holds the whole session in memory. */
export const MAX_REPLAY_FILE_BYTES = 512 * MIB;
