// Bounds on everything that crosses the bridge. The Node side enforces them (validate.ts); the renderer
// may import them to warn before sending. Generous for real use, small enough that one request cannot
// exhaust the main process.

/** Records one page or pick request may ask for. */
export const MAX_PAGE_RECORDS = 5000;
/** Records one `records` event carries at most; the rest are paged in. */
export const MAX_BATCH_RECORDS = 1000;

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
export const MAX_ARGS_BYTES = 8 * 1024 * 1024;
/** JSON nesting of auth and args. */
export const MAX_JSON_DEPTH = 64;
/** A raw frame: text characters, or bytes of binary (its base64 is 4/3 longer). */
export const MAX_RAW_FRAME_BYTES = 8 * 1024 * 1024;
export const MAX_DELAY_MS = 10 * 60 * 1000;
export const MAX_SESSION_ID_CHARS = 64;
export const MAX_FILTER_TEXT_CHARS = 1024;

/** A session file the page uploads (web host and Electron alike); bigger files: `serve --session FILE`. */
export const MAX_UPLOAD_CHARS = 64 * 1024 * 1024;
/**
 * A session file read from disk (native dialog, `--session`). The store keeps the records' JSON on disk
 * and about 60 bytes of columns per record in memory: ten million records of a busy day (3 GB) fit.
 */
export const MAX_SESSION_FILE_BYTES = 4 * 1024 * 1024 * 1024;
