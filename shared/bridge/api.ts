// The one contract between the renderer and the Node side (docs/architecture.md, "Layout" and §2, §3).
// The preload exposes it as `window.inspector` over Electron IPC; the web host serves the same
// methods over one WebSocket. Both dispatch to the same handler table, which validates every request
// (shared/bridge/validate.ts) before use. Namespaced methods, one plain options object each.
//
// Every method rejects with a UserError (shared/bridge/errors.ts): `code` says what kind of failure,
// `message` is one line for people. Sizes are bounded (shared/limits.ts).
import type { ReplayDiff } from '../analysis/replay-diff';
import type { ConnectionAnalysis } from '../analysis/summary';
import type { AppSettings, SettingsUpdate } from '../settings/app-settings';
import type { UserErrorData } from '../user-error';
import type {
  EioPacketType,
  EioVersion,
  Json,
  Parser,
  SessionRecord,
  SioPacketType,
  Transport,
} from '../record';

/**
 * The answer to an EVENT of the server's that asks for an ack: these args, sent at once, or `'manual'`:
 * the request is held until the user answers it (`connections.ack`).
 */
export type AckAnswer = readonly Json[] | 'manual';

/** What the connection form submits. */
export interface ConnectOptions {
  readonly url: string;
  /** undefined = auto: try v4, fall back to v3 when the server says so. */
  readonly eio?: EioVersion;
  readonly transports: readonly Transport[];
  readonly upgrade: boolean;
  readonly path?: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Socket.IO v5 CONNECT payload for every namespace (v4: sent as the namespace query). */
  readonly auth?: Json;
  /** Namespaces to connect; default: the URL's path (`http://host/admin`, as socket.io-client reads it), else '/'. */
  readonly namespaces?: readonly string[];
  /** TLS verification off for this connection only. */
  readonly insecure?: boolean;
  /** How to answer an EVENT of the server's that asks for an ack, unless `ackReplies` names it (default `[]`). */
  readonly ackReply?: AckAnswer;
  /** How to answer the ack requests of these events, by event name (numbers as their decimal text). */
  readonly ackReplies?: Readonly<Record<string, AckAnswer>>;
  /** How Socket.IO packets travel (default socket.io); `none`: a plain Engine.IO server, no namespaces. */
  readonly parser?: Parser;
  /** Offer permessage-deflate on websocket (default true). */
  readonly deflate?: boolean;
  /**
   * After a loss the client did not ask for, connect again as socket.io-client does (its backoff, no
   * attempt limit), offering connection-state recovery; each new connection is its own `conn`.
   */
  readonly reconnect?: boolean;
  /**
   * Record credentials in clear (the session file, and what sessions.save writes), for a replay that
   * sends them again; default: masked by rule (README, "Security: secrets in recordings").
   */
  readonly keepSecrets?: boolean;
}

export interface EmitRequest {
  readonly session: string;
  readonly nsp: string;
  readonly event: string;
  /** JSON args; `{"$binary": "<base64>"}` values become binary attachments. */
  readonly args: readonly Json[];
  readonly ack: boolean;
}

/** Answers an ack the server asked for: an EVENT of the server's that carried `id`. */
export interface AckRequest {
  readonly session: string;
  readonly nsp: string;
  readonly id: number;
  readonly args: readonly Json[];
}

/** How the server's ack requests are answered: by event name, and `ackReply` for every other event. */
export interface AckAnswers {
  readonly ackReply: AckAnswer;
  readonly ackReplies: Readonly<Record<string, AckAnswer>>;
}

/** Replaces how a live connection answers the server's ack requests from now on (as ConnectOptions). */
export interface AckRepliesRequest extends AckAnswers {
  readonly session: string;
}

/**
 * Joins a namespace of a live connection with its own auth (v5: the CONNECT payload; v4: the namespace
 * query). A namespace joined already is left first and joined again: that is how it re-authenticates.
 */
export interface JoinRequest {
  readonly session: string;
  readonly nsp: string;
  readonly auth?: Json;
}

export interface LeaveRequest {
  readonly session: string;
  readonly nsp: string;
}

/** A namespace of the app's own connection, as the server last answered it. */
export interface LiveNamespace {
  readonly nsp: string;
  readonly status: 'connecting' | 'connected' | 'refused' | 'disconnected';
  /** Why it was refused, one line (the server's CONNECT_ERROR message). */
  readonly error?: string;
}

/** Exactly one of `text` and `binary`. */
export interface RawSendRequest {
  readonly session: string;
  readonly text?: string;
  /** base64 */
  readonly binary?: string;
}

/** One plain Engine.IO `message` of a `parser: 'none'` session: `text`, or `binary` as base64. */
export interface MessageSendRequest {
  readonly session: string;
  readonly text?: string;
  /** base64 */
  readonly binary?: string;
}

export type Fault =
  | { readonly kind: 'stop-heartbeat'; readonly on: boolean }
  | { readonly kind: 'delay-pong'; readonly ms: number }
  | { readonly kind: 'drop-transport' };

export interface FaultRequest {
  readonly session: string;
  readonly fault: Fault;
}

/** `loading`: a file still being read (records keep arriving); `offline`: a file, fully read. */
export type SessionState = 'connecting' | 'open' | 'closed' | 'loading' | 'offline';

/** One connection or one opened file: its records live on the Node side and are paged in. */
export interface SessionInfo {
  readonly session: string;
  readonly title: string;
  readonly kind: 'live' | 'file';
  readonly state: SessionState;
  /** Records in the session so far. */
  readonly total: number;
  /** A file still loading (`loading`): the share of it read so far, 0–1; absent when its size is unknown. */
  readonly loaded?: number;
  /** While an analysis of the session runs (`sessions.analyse`): the share of it done so far, 0–1. */
  readonly analysing?: number;
  /**
   * The last analysis followed the session's first MAX_ANALYSED_CONNECTIONS connections (10,000): the
   * records of the others, not analysed (SessionSummary.recordsNotAnalysed); absent when none.
   */
  readonly recordsNotAnalysed?: number;
  /** When the session started (its header's `created`, ISO 8601): records' `t` count from it. */
  readonly started?: string;
  /**
   * The connections (`conn`) of its records so far, in order of first appearance: the first
   * MAX_LISTED_CONNECTIONS (1,000) of them.
   */
  readonly connections: readonly string[];
  /**
   * How many more connections its records name than `connections` lists; absent when none.
   * `unlistedAtLeast`: more than that, past what the Node side counts (MAX_INTERNED_CONNECTIONS).
   */
  readonly unlistedConnections?: number;
  readonly unlistedAtLeast?: true;
  /** Why a live session closed, or why a file stopped loading early (cut short, too large); one line. */
  readonly reason?: string;
  /**
   * Why a live connection failed, as data: `reason` in plain words, this for each surface to word with
   * its own names and, where `why` names a setting and a value, to offer that fix as a retry.
   */
  readonly failure?: UserErrorData;
  /** Live sessions: the session file on the Node side's disk that records them as they happen. */
  readonly recording?: string;
  /** The app's own connections: each namespace asked for, as the server answered. */
  readonly namespaces?: readonly LiveNamespace[];
  /** File sessions read from the Node side's disk (not uploads): the file. */
  readonly file?: string;
  /** Proxy sessions (`connections.proxy`): where clients connect instead of the server, and the server. */
  readonly proxy?: { readonly listen: string; readonly target: string };
  /** Browser sessions (`connections.browser`): the page opened, or the DevTools endpoint attached to. */
  readonly browser?: { readonly mode: 'launch' | 'attach'; readonly target: string };
  /** The URL the session connected to, as its header says (credentials masked); absent when unknown. */
  readonly target?: string;
}

/**
 * A browser's own Engine.IO traffic as a live session, recorded over the Chrome DevTools Protocol: every
 * connection of every page, frame and worker appears as it opens, each its own `conn`. `launch` starts
 * a Chromium-family browser found on the Node side's machine on a fresh temporary profile and opens
 * `url` (closed at the end); `attach` follows a browser the user runs with --remote-debugging-port at a
 * loopback `cdp` endpoint (left running at the end). Like a proxy it cannot send; `connections.close`
 * ends it.
 */
export type BrowserOptions = (
  | { readonly mode: 'launch'; readonly url: string; readonly headless?: boolean }
  | { readonly mode: 'attach'; readonly cdp: string; readonly tab?: string }
) & {
  /** As ConnectOptions.keepSecrets. */
  readonly keepSecrets?: boolean;
};

/**
 * A recording reverse proxy as a live session (docs/architecture.md, job 6): clients pointed at
 * `SessionInfo.proxy.listen` reach `target` unchanged, and every frame both ways is decoded into the
 * session, each client its own `conn`. It binds 127.0.0.1 only. It cannot send: emit, ack, sendRaw and
 * fault answer `unsupported`; `connections.close` stops it.
 */
export interface ProxyOptions {
  /** The real server, `http://host:port` or `https://host:port` (or `ws://`, `wss://`). */
  readonly target: string;
  /** 0 or absent: a free port. */
  readonly listenPort?: number;
  /** Skip TLS certificate verification of an https target, for this proxy only. Default false. */
  readonly insecure?: boolean;
  /** How the clients' Socket.IO packets travel; absent: socket.io, with msgpack detected per client. */
  readonly parser?: Parser;
  /** As ConnectOptions.keepSecrets. */
  readonly keepSecrets?: boolean;
}

/**
 * Replays a session the Node side holds against a live server: a new connection like the recorded one
 * re-sends the client's emits (recorded timing scaled by `speed`) and answers the server's acks as
 * recorded. Its records stream into a new live session like any connection's; the call resolves when
 * the replay is over, with how the new answers differ from the recorded ones.
 */
export interface ReplayRequest {
  readonly session: string;
  readonly target: string;
  /** 1 (default) = recorded timing, 2 = twice as fast, 0 = as fast as possible; at most 100. */
  readonly speed?: number;
  /** Replay only this connection; default: every recorded connection, one after another. */
  readonly conn?: string;
  /**
   * The values a recording made without keepSecrets masked: headers replace the recorded ones of the
   * same name (or are added), query parameters likewise, auth replaces every masked CONNECT payload.
   * A replay that would still send a masked value is refused, naming what is missing.
   */
  readonly secrets?: ReplaySecrets;
  /** As ConnectOptions.keepSecrets, for the replay's own recording. */
  readonly keepSecrets?: boolean;
}

export interface ReplaySecrets {
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly auth?: Json;
}

export interface ReplayResult {
  /** The new session, closed by now. */
  readonly info: SessionInfo;
  readonly diff: ReplayDiff;
  /** The replay was stopped early (its session closed): `diff` compares only what it re-sent. */
  readonly cancelled?: true;
}

export interface SessionRef {
  readonly session: string;
}

export interface PageRequest {
  readonly session: string;
  /** Index of the first record in the session's record list. */
  readonly from: number;
  /** At most MAX_PAGE_RECORDS; fewer come back at the end of the list. */
  readonly count: number;
}

/** Records by index, for a filtered view: ascending or not, at most MAX_PAGE_RECORDS indices. */
export interface PickRequest {
  readonly session: string;
  readonly indices: readonly number[];
}

/**
 * A session file, frame lines, a bare record stream or a HAR file (Chrome, Firefox, Playwright).
 * Either `content` (the file's text, read by the page: both hosts; at most MAX_UPLOAD_CHARS) with an
 * optional `name` for the title, or neither: Electron asks the user with the native open dialog (the
 * renderer never names paths), the web host answers UserError `unsupported`.
 */
export interface OpenSessionRequest {
  readonly name?: string;
  readonly content?: string;
  /** Decode the file's messages with this parser (absent: a session file as recorded, else detected). */
  readonly parser?: Parser;
}

/** A file of the settings' `recentFiles` or `openFiles`, by its path: the page opens only what the Node side listed. */
export interface OpenRecentRequest {
  readonly path: string;
}

/**
 * What the app keeps between runs (shared/settings/app-settings.ts), from settings.json in the user's
 * config folder: Electron's userData, the web host's $XDG_CONFIG_HOME/sio-inspector. `notice`: one line
 * when the file could not be read whole (it is a file people edit) and what was left out.
 */
export interface SettingsSnapshot {
  readonly settings: AppSettings;
  /** Where the file is, for people who want to edit it; absent: this host keeps no settings. */
  readonly file?: string;
  readonly notice?: string;
}

export type { AppSettings, SettingsUpdate };

export interface SaveSessionRequest {
  readonly session: string;
  /** `session` (default): the session file format, which `decode` and `sessions.open` read back; `har`: HAR 1.2. */
  readonly format?: 'session' | 'har';
}

/** Electron: written where the user chose in the native save dialog (`{}` when cancelled); web host: the text to download. */
export interface SaveSessionResult {
  readonly path?: string;
  readonly content?: string;
  /** A file name to offer for `content`. */
  readonly name?: string;
}

/** Timeline filters, evaluated on the Node side where the records are. All given fields must match. */
export interface RecordFilter {
  readonly dir?: 'in' | 'out';
  readonly conn?: string;
  readonly eioTypes?: readonly EioPacketType[];
  readonly sioTypes?: readonly SioPacketType[];
  /** Exact namespace, as in the packet. */
  readonly nsp?: string;
  /** Exact event name (numbers as their decimal text). */
  readonly event?: string;
  /** Case-insensitive search in the record's JSON. */
  readonly text?: string;
  /** Hides Engine.IO ping and pong (probes included). */
  readonly hideHeartbeats?: boolean;
  /** Records with an `error`, and `transport-error` / `input-error` lifecycle records. */
  readonly errorsOnly?: boolean;
}

export interface FilterRequest {
  readonly session: string;
  readonly filter: RecordFilter;
  /** Scan from this record index on (default 0): a live view filters only what was appended since. */
  readonly from?: number;
}

/**
 * A filter over a big session answers in slices of about a tenth of a second: `more` says the scan
 * stopped at `total` before the session's end, and the caller asks again from there to go on (or does
 * not, to cancel). Partial results can be shown as they come.
 */
export interface FilterResult {
  /** Records scanned up to: the session's total when the filter ran, or where the slice stopped. */
  readonly total: number;
  /** Indices of the matching records in [from, total), ascending. */
  readonly indices: readonly number[];
  /** The scan stopped before the end: ask again from `total`. */
  readonly more?: true;
}

/**
 * What the views of one connection need (shared/analysis/summary.ts): the `--summary` record, the sequence
 * steps for the diagram, the heartbeat series for the chart (`heartbeat.series`) and the ack pairs
 * (`acks.pairs`), with each analysis' findings linked to frames.
 */
export type { ConnectionAnalysis };

/**
 * Events pushed to the renderer, never one message per frame: appends to a session are coalesced to
 * at most one `records` event per ~100 ms.
 * `records`: the session now holds `total` records; `records` are the newest appended ones, starting
 * at index `from` (from + records.length === total). A batch carries at most MAX_BATCH_RECORDS, so
 * after a burst (or while a file loads, when it carries none) indices below `from` may never have
 * been pushed: page them in.
 */
export type BridgeEvent =
  | {
      readonly type: 'records';
      readonly session: string;
      readonly from: number;
      readonly records: readonly SessionRecord[];
      readonly total: number;
    }
  | { readonly type: 'session'; readonly info: SessionInfo }
  | { readonly type: 'session-closed'; readonly session: string }
  | { readonly type: 'error'; readonly session?: string; readonly message: string };

export interface InspectorApi {
  readonly connections: {
    open(options: ConnectOptions): Promise<SessionInfo>;
    /** Ends the live connection; the session and its records stay (state `closed`). */
    close(request: SessionRef): Promise<void>;
    emit(request: EmitRequest): Promise<void>;
    ack(request: AckRequest): Promise<void>;
    /** Sets how the server's ack requests are answered from now on; a held request waits for `ack`. */
    ackReplies(request: AckRepliesRequest): Promise<void>;
    join(request: JoinRequest): Promise<void>;
    /** Leaves a namespace (DISCONNECT); the connection stays. */
    leave(request: LeaveRequest): Promise<void>;
    sendRaw(request: RawSendRequest): Promise<void>;
    /**
     * Sends one Engine.IO `message`, encoded for the session's transport and Engine.IO version; only on an
     * open session connected with `parser: 'none'` (plain Engine.IO).
     */
    send(request: MessageSendRequest): Promise<void>;
    fault(request: FaultRequest): Promise<void>;
    /** Starts a recording proxy session; answers once it listens. */
    proxy(options: ProxyOptions): Promise<SessionInfo>;
    /** Starts recording a browser (launched on a page, or attached to); answers once it records. */
    browser(options: BrowserOptions): Promise<SessionInfo>;
  };
  readonly sessions: {
    /** Every session the Node side holds (the web host's `serve --session FILE` is one at start). */
    list(): Promise<readonly SessionInfo[]>;
    open(request: OpenSessionRequest): Promise<SessionInfo>;
    /** Forgets the session and its records (ending its connection first); a `session-closed` event follows. */
    close(request: SessionRef): Promise<void>;
    save(request: SaveSessionRequest): Promise<SaveSessionResult>;
    page(request: PageRequest): Promise<readonly SessionRecord[]>;
    pick(request: PickRequest): Promise<readonly SessionRecord[]>;
    filter(request: FilterRequest): Promise<FilterResult>;
    /**
     * Per connection, in the order they opened (shared/connection-order.ts), for the session's first
     * MAX_ANALYSED_CONNECTIONS (SessionInfo.recordsNotAnalysed says what the rest held).
     */
    analyse(request: SessionRef): Promise<readonly ConnectionAnalysis[]>;
    /** Stops the session's running analysis: `analyse` calls waiting for it reject; nothing when none runs. */
    stopAnalysis(request: SessionRef): Promise<void>;
    /**
     * Stops reading the file a session is opening: the records read so far stay, and the session goes
     * offline saying where reading stopped; nothing when it is not loading.
     */
    stopLoading(request: SessionRef): Promise<void>;
    replay(request: ReplayRequest): Promise<ReplayResult>;
    /** Opens a file the settings list (recent or open at the last run) again. */
    openRecent(request: OpenRecentRequest): Promise<SessionInfo>;
  };
  readonly settings: {
    read(): Promise<SettingsSnapshot>;
    /** Replaces the fields given (the page's part of the settings) and writes the file. */
    write(update: SettingsUpdate): Promise<void>;
  };
  onEvent(listener: (event: BridgeEvent) => void): () => void;
}
