// How much the inspector takes from a peer, a file or a page, in one place (README.md, "Security"). Everything a
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

/**
 * Attachments one BINARY_EVENT / BINARY_ACK may announce. Current socket.io-parser refuses more than 10
 * by default, but socket.io 3 (parser 4.0) and servers configured with a larger `maxAttachments` send
 * more: what bounds memory is MAX_PENDING_ATTACHMENT_BYTES, this only refuses absurd announcements
 * before anything is held for them.
 */
export const MAX_PENDING_ATTACHMENTS = 10_000;

/** Bytes of binary frames held for one packet until all its attachments arrived. */
export const MAX_PENDING_ATTACHMENT_BYTES = MAX_FRAME_BYTES;

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

/**
 * One DevTools protocol message from a browser being recorded, in bytes. Response bodies arrive inside
 * messages (base64 for binary), so this is well above a Socket.IO server's default 1 MB
 * maxHttpBufferSize; past it the recording ends with the reason.
 */
export const MAX_CDP_MESSAGE_BYTES = 64 * MIB;

/** Bytes of a DevTools endpoint's /json/version answer read while checking the endpoint. */
export const MAX_DEVTOOLS_VERSION_BYTES = 64 * 1024;

/** Bytes read of the body a server sends when it refuses a WebSocket upgrade (quoted in the failure). */
export const MAX_REFUSAL_BODY_BYTES = 64 * 1024;

/**
 * Records a decoder holds while a connection's Engine.IO version is undecided; past it, it settles on
 * what it saw (by then a real connection has long shown its version).
 */
export const MAX_UNDECIDED_RECORDS = 1000;

/**
 * Records a decoder holds across all of a session's connections while their versions are undecided: a
 * file naming a new connection on every line, none of which ever shows its version, would otherwise make
 * it hold every line. Past it, the connection that has held records longest settles on what it saw.
 */
export const MAX_UNDECIDED_SESSION_RECORDS = 10_000;

/**
 * Connections whose decoding state (version, parser, binary packet awaiting attachments, about 1 KB
 * each) a decoder keeps at once. A file naming a new connection on every line would otherwise grow it
 * without bound; past it, the connection least recently active is set aside (its held records and any
 * binary packet still awaiting attachments go out as they are, a note says so once), and should it send
 * again it is decoded afresh, its Engine.IO version detected again.
 */
export const MAX_DECODED_CONNECTIONS = 10_000;

/**
 * Connections a session's analyses follow at most (shared/analysis/summary.ts): each costs a few
 * kilobytes of state (about 4.6 KB with its handshake), so a file naming a new connection on every
 * line would otherwise grow them without bound. Ten thousand take about 46 MB; the records of any
 * further connection are counted (SessionSummary.recordsNotAnalysed), not analysed.
 */
export const MAX_ANALYSED_CONNECTIONS = 10_000;

/**
 * Records the analyses hold across a session's connections while they wait for a connection's version
 * and open packet (the decoder's MAX_UNDECIDED_SESSION_RECORDS, for the folds): enough to settle a real
 * connection; past it, the connection that has held records longest is judged on what it sent.
 */
export const MAX_ANALYSIS_HELD_RECORDS = 10_000;

/**
 * Distinct connection ids (`conn`) the app's record store interns for its connection column: a few
 * megabytes at most. A session naming more (a load test through the proxy, or a hostile file) is still
 * filtered correctly by connection: the records of connections past it are read from the file to be
 * tested, so filtering to one of those takes as long as a text search.
 */
export const MAX_INTERNED_CONNECTIONS = 65_536;

/**
 * Distinct namespaces and event names the app's record store interns, together, for its namespace and
 * event columns; past it, as MAX_INTERNED_CONNECTIONS: those records are read from the file to be
 * filtered and analysed.
 */
export const MAX_INTERNED_NAMES = 65_536;

/**
 * Connections a session's info lists (the connection filter's choices), the first ones to appear: the
 * info goes to the page whenever the session changes. It also says how many more there are, and any
 * connection id can still be typed into the filter.
 */
export const MAX_LISTED_CONNECTIONS = 1000;

/**
 * Findings the page lists at once, of the severity picked: a session of thousands of connections (the
 * analyses follow up to MAX_ANALYSED_CONNECTIONS) can have tens of thousands, and a list item each
 * took the findings view half a minute to show. The counts cover them all; the list says how many it
 * leaves out.
 */
export const MAX_LISTED_FINDINGS = 1000;

// Bridge requests (the page's calls to the Node side, shared/bridge/validate.ts checks them; the
// renderer may import these to warn before sending). Generous for real use, small enough that one
// request cannot exhaust the Node side.

/** Records one page or pick request may ask for. */
export const MAX_PAGE_RECORDS = 5000;
/** Records one `records` event carries at most (a tall window's worth of rows); the rest are paged in. */
export const MAX_BATCH_RECORDS = 256;

export const MAX_URL_CHARS = 2048;
export const MAX_PATH_CHARS = 1024;
/** Query parameters, headers. */
export const MAX_MAP_ENTRIES = 100;
export const MAX_KEY_CHARS = 256;
export const MAX_VALUE_CHARS = 8192;
export const MAX_NAMESPACES = 32;
export const MAX_NAME_CHARS = 1024;
export const MAX_AUTH_BYTES = 64 * 1024;
/** Emit or ack args, as JSON text (binary as base64 inside). */
export const MAX_ARGS_BYTES = 8 * MIB;
/** JSON nesting of auth and args in a bridge request. */
export const MAX_REQUEST_JSON_DEPTH = 64;
/** A raw frame: text characters, or bytes of binary (its base64 is 4/3 longer). */
export const MAX_RAW_FRAME_BYTES = 8 * MIB;
export const MAX_DELAY_MS = 10 * 60 * 1000;
export const MAX_SESSION_ID_CHARS = 64;
export const MAX_FILTER_TEXT_CHARS = 1024;

/** A session file the page uploads (web host and Electron alike); bigger files: `serve --session FILE`. */
export const MAX_UPLOAD_CHARS = 64 * MIB;
/**
 * A session file read from disk (native dialog, `--session`). The store keeps the records' JSON and
 * their index on disk, a few blocks of it in memory: ten million records of a busy day (3 GB) fit.
 */
export const MAX_SESSION_FILE_BYTES = 4 * 1024 * MIB;

/** One web-host bridge message: an upload's text JSON-escaped and UTF-8-encoded to three bytes a character. */
export const MAX_BRIDGE_MESSAGE_BYTES = 3 * MAX_UPLOAD_CHARS + MIB;
/** A session held in one string to save or export (the web host's download; Electron's HAR export). */
export const MAX_DOWNLOAD_CHARS = 256 * MIB;
