// The one contract between the renderer and the Node side (DESIGN.md, "Layout"; STYLE.md §2, §3).
// The preload exposes it as `window.inspector` over Electron IPC; the web host serves the same
// methods over one WebSocket. Both dispatch to the same handler table, which validates every request
// (shared/bridge/validate.ts) before use. Namespaced methods, one plain options object each.
import type { ConnectionSummary } from '../analysis/summary';
import type { EioPacketType, EioVersion, Json, SessionRecord, SioPacketType, Transport } from '../record';

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
  /** Namespaces to connect, default ['/']. */
  readonly namespaces?: readonly string[];
  /** TLS verification off for this connection only. */
  readonly insecure?: boolean;
}

export interface EmitRequest {
  readonly session: string;
  readonly nsp: string;
  readonly event: string;
  /** JSON args; `{"$binary": "<base64>"}` values become binary attachments. */
  readonly args: readonly Json[];
  readonly ack: boolean;
}

export interface RawSendRequest {
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

export type SessionState = 'connecting' | 'open' | 'closed' | 'offline';

/** One connection or one opened file: its records live on the Node side and are paged in. */
export interface SessionInfo {
  readonly session: string;
  readonly title: string;
  readonly kind: 'live' | 'file';
  readonly state: SessionState;
  readonly total: number;
}

export interface PageRequest {
  readonly session: string;
  /** Index of the first record in the session's record list. */
  readonly from: number;
  readonly count: number;
}

export interface OpenSessionRequest {
  /** Electron: a path chosen in the native dialog; web host: the file's text uploaded by the page. */
  readonly path?: string;
  readonly name?: string;
  readonly content?: string;
}

/** Timeline filters, evaluated on the Node side where the records are. */
export interface RecordFilter {
  readonly dir?: 'in' | 'out';
  readonly conn?: string;
  readonly eioTypes?: readonly EioPacketType[];
  readonly sioTypes?: readonly SioPacketType[];
  readonly nsp?: string;
  readonly event?: string;
  /** Case-insensitive search in the record's JSON. */
  readonly text?: string;
  readonly hideHeartbeats?: boolean;
  readonly errorsOnly?: boolean;
}

export interface FilterResult {
  readonly total: number;
  /** Indices of the matching records, ascending. */
  readonly indices: readonly number[];
}

/** Events pushed to the renderer. Records arrive in batches, never one message per frame. */
export type BridgeEvent =
  | { readonly type: 'records'; readonly session: string; readonly records: readonly SessionRecord[]; readonly total: number }
  | { readonly type: 'session'; readonly info: SessionInfo }
  | { readonly type: 'error'; readonly session?: string; readonly message: string };

export interface InspectorApi {
  readonly connections: {
    open(options: ConnectOptions): Promise<SessionInfo>;
    close(request: { readonly session: string }): Promise<void>;
    emit(request: EmitRequest): Promise<void>;
    sendRaw(request: RawSendRequest): Promise<void>;
    fault(request: FaultRequest): Promise<void>;
  };
  readonly sessions: {
    list(): Promise<readonly SessionInfo[]>;
    open(request: OpenSessionRequest): Promise<SessionInfo>;
    /** Returns the session file text (web host: the page offers it as a download). */
    save(request: { readonly session: string; readonly path?: string }): Promise<{ readonly path?: string; readonly content?: string }>;
    page(request: PageRequest): Promise<readonly SessionRecord[]>;
    filter(request: { readonly session: string; readonly filter: RecordFilter }): Promise<FilterResult>;
    /** Summary, sequence steps, heartbeat series and ack pairs per connection (shared/analysis). */
    analyse(request: { readonly session: string }): Promise<readonly ConnectionSummary[]>;
  };
  onEvent(listener: (event: BridgeEvent) => void): () => void;
}
