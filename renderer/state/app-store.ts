// The renderer's top level state: which sessions are open as tabs, which one is shown, and the one-line
// messages for the user. It owns the bridge subscription and hands each session's events to its store.
import type {
  AckAnswers,
  AppSettings,
  BridgeEvent,
  BrowserOptions,
  ConnectOptions,
  InspectorApi,
  OpenSessionRequest,
  ProxyOptions,
  ReplayRequest,
  SessionInfo,
  SettingsUpdate,
} from '../../shared/bridge/api';
import { EMPTY_SETTINGS, maskConnectOptions, savedConnectionOf } from '../../shared/settings/app-settings';
import { isMasked, redactUrl } from '../../shared/session/secrets';
import { fromConnectOptions, type ConnectForm } from './connect-form';
import { rememberRecent } from './recent-connections';
import { Drafts } from './drafts';
import type { ReplayDiff } from '../../shared/analysis/replay-diff';
import { SessionStore, type SessionStoreOptions } from './session-store';
import { describeError } from './app-words';

export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly message: string;
}

export interface AppSnapshot {
  readonly sessions: readonly SessionStore[];
  /** The session shown, or null for the new-connection form. */
  readonly active: string | null;
  readonly notices: readonly Notice[];
  /** The first sessions.list() answered (or failed). */
  readonly ready: boolean;
  /** Replays by session: `running` on the replayed file, the diff on the new session once it is over. */
  readonly replays: ReadonlyMap<string, ReplayState>;
  /** What the app keeps between runs; empty until read. */
  readonly settings: AppSettings;
  /** Where the settings live, to say so; absent: this host keeps none. */
  readonly settingsFile?: string;
  /** The connection form as the user left it (it outlives its tab); null: not touched yet. */
  readonly form: ConnectForm | null;
}

export type ReplayState =
  | { readonly status: 'running'; readonly target: string }
  | {
      readonly status: 'done';
      readonly from: string;
      readonly target: string;
      readonly diff: ReplayDiff;
      /** Stopped early: the diff compares only what ran. */
      readonly cancelled: boolean;
    };

export class AppStore {
  private snapshot: AppSnapshot = {
    sessions: [],
    active: null,
    notices: [],
    ready: false,
    replays: new Map(),
    settings: EMPTY_SETTINGS,
    form: null,
  };
  /** Replays under way: a live session appearing meanwhile is theirs and is shown at once. */
  private replaying = 0;
  private readonly listeners = new Set<() => void>();
  /** What each live session was opened with, so it can be reconnected. */
  private readonly connectOptions = new Map<string, ConnectOptions>();
  /** Form contents by form (and session), kept while their tabs are switched away. */
  readonly drafts = new Drafts();
  private noticeId = 0;
  private formTimer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void) | null = null;

  constructor(
    readonly api: InspectorApi,
    private readonly storeOptions: SessionStoreOptions = {},
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): AppSnapshot => this.snapshot;

  async start(): Promise<void> {
    this.unsubscribe = this.api.onEvent((event) => this.onEvent(event));
    try {
      const [infos] = await Promise.all([this.api.sessions.list(), this.readSettings()]);
      for (const info of infos) this.upsert(info);
      const first = this.snapshot.sessions[0];
      const last = this.snapshot.settings.activeFile;
      const wasActive = infos.find((i) => last !== undefined && (i.file ?? i.recording) === last);
      this.update({ ready: true, active: this.snapshot.active ?? wasActive?.session ?? first?.id ?? null });
    } catch (e) {
      this.update({ ready: true });
      this.notify('error', `could not list sessions: ${describeError(e)}`);
    }
  }

  private async readSettings(): Promise<void> {
    try {
      const { settings, file, notice } = await this.api.settings.read();
      this.update({ settings, ...(file !== undefined && { settingsFile: file }) });
      if (notice !== undefined) this.notify('error', notice);
    } catch (e) {
      this.notify('error', `could not read the settings: ${describeError(e)}`);
    }
  }

  /** Keeps the form's contents for the next time it shows, and its valid options for the next run. */
  setForm(form: ConnectForm, options?: ConnectOptions): void {
    this.update({ form });
    if (options === undefined || this.snapshot.settingsFile === undefined) return;
    clearTimeout(this.formTimer);
    // A pause in typing, not every keystroke, is worth a write.
    this.formTimer = setTimeout(() => void this.writeSettings({ form: maskConnectOptions(options) }), 800);
  }

  /** The form to show: as left, else the last connection made, else the defaults (null). */
  initialForm(): ConnectForm | null {
    const { form, settings } = this.snapshot;
    if (form !== null) return form;
    const last = settings.form ?? settings.recentConnections[0];
    return last === undefined ? null : fromConnectOptions(last);
  }

  /** Saves the options under `name` (replacing one of that name), secrets masked unless kept. */
  async saveConnection(name: string, options: ConnectOptions, keepSecrets: boolean): Promise<void> {
    const saved = savedConnectionOf(name, options, keepSecrets);
    const others = this.snapshot.settings.connections.filter((c) => c.name !== name);
    await this.writeSettings({ connections: [...others, saved] });
  }

  async forgetConnection(name: string): Promise<void> {
    await this.writeSettings({
      connections: this.snapshot.settings.connections.filter((c) => c.name !== name),
    });
  }

  /**
   * Connects with a saved connection in one click; one saved with its secrets masked fills the form
   * instead, for the user to give them again.
   */
  async openSaved(name: string): Promise<void> {
    const saved = this.snapshot.settings.connections.find((c) => c.name === name);
    if (saved === undefined) return;
    if (isMasked(saved.options)) {
      this.activate(null);
      this.update({ form: fromConnectOptions(saved.options) });
      this.notify('info', `"${name}" was saved without its secrets: fill in the masked values, then connect`);
      return;
    }
    await this.connect(saved.options);
  }

  /** Opens a recent file (or one open at the last run) again. */
  async openRecent(path: string): Promise<boolean> {
    try {
      const info = await this.api.sessions.openRecent({ path });
      this.adopt(info);
      this.activate(info.session);
      return true;
    } catch (e) {
      this.notify('error', `could not open ${path}: ${describeError(e)}`);
      return false;
    }
  }

  private async writeSettings(update: SettingsUpdate): Promise<void> {
    this.update({ settings: { ...this.snapshot.settings, ...update } });
    if (this.snapshot.settingsFile === undefined) return;
    try {
      await this.api.settings.write(update);
    } catch (e) {
      this.notify('error', `settings not saved: ${describeError(e)}`);
    }
  }

  stop(): void {
    clearTimeout(this.formTimer);
    this.unsubscribe?.();
    for (const s of this.snapshot.sessions) s.dispose();
  }

  store(session: string | null): SessionStore | undefined {
    return session === null ? undefined : this.snapshot.sessions.find((s) => s.id === session);
  }

  options(session: string): ConnectOptions | undefined {
    return this.connectOptions.get(session);
  }

  activate(session: string | null): void {
    this.update({ active: session });
    const info = this.store(session)?.getSnapshot().info;
    const file = info?.file ?? info?.recording;
    if (file !== undefined && file !== this.snapshot.settings.activeFile)
      void this.writeSettings({ activeFile: file });
  }

  async connect(options: ConnectOptions): Promise<boolean> {
    try {
      const info = await this.api.connections.open({
        ...options,
        ...this.secretsSetting(),
        ...this.snapshot.settings.ackAnswers,
      });
      this.connectOptions.set(info.session, options);
      this.adopt(info);
      this.activate(info.session);
      void this.writeSettings({
        recentConnections: rememberRecent(this.snapshot.settings.recentConnections, options),
      });
      return true;
    } catch (e) {
      this.notify('error', `could not connect to ${options.url}: ${describeError(e)}`);
      return false;
    }
  }

  /**
   * Sets how the app's connections answer the server's ack requests: kept in the settings for the next
   * connections, and applied at once to each of the app's own connections that is open.
   */
  async setAckAnswers(answers: AckAnswers): Promise<void> {
    await this.writeSettings({ ackAnswers: answers });
    const open = [...this.connectOptions.keys()].filter(
      (id) => this.store(id)?.getSnapshot().info.state === 'open',
    );
    await Promise.all(
      open.map((session) =>
        this.api.connections
          .ackReplies({ session, ...answers })
          .catch((e: unknown) => this.notify('error', `answers not applied: ${describeError(e)}`)),
      ),
    );
  }

  /** Starts a recording proxy in a new tab; its clients' traffic streams in like a connection's. */
  async proxy(options: ProxyOptions): Promise<boolean> {
    try {
      const info = await this.api.connections.proxy({ ...options, ...this.secretsSetting() });
      this.adopt(info);
      this.activate(info.session);
      return true;
    } catch (e) {
      this.notify('error', `could not start the proxy to ${options.target}: ${describeError(e)}`);
      return false;
    }
  }

  /** Starts recording a browser in a new tab; the page's connections appear in it as they open. */
  async browser(options: BrowserOptions): Promise<boolean> {
    try {
      const info = await this.api.connections.browser({ ...options, ...this.secretsSetting() });
      this.adopt(info);
      this.activate(info.session);
      return true;
    } catch (e) {
      const what =
        options.mode === 'launch' ? `open ${options.url} in a browser` : `attach to ${options.cdp}`;
      this.notify('error', `could not ${what}: ${describeError(e)}`);
      return false;
    }
  }

  /**
   * Replays a session against a live server: the new session opens as a tab while it runs (its records
   * stream in), and its diff against the recorded answers shows there when the replay is over.
   */
  async replay(request: ReplayRequest): Promise<boolean> {
    this.setReplay(request.session, { status: 'running', target: request.target });
    this.replaying++;
    try {
      const { info, diff, cancelled } = await this.api.sessions.replay({
        ...request,
        ...this.secretsSetting(),
      });
      this.adopt(info);
      this.setReplay(info.session, {
        status: 'done',
        from: request.session,
        target: request.target,
        diff,
        cancelled: cancelled === true,
      });
      this.activate(info.session);
      return true;
    } catch (e) {
      this.notify('error', `could not replay against ${request.target}: ${describeError(e)}`);
      return false;
    } finally {
      this.replaying--;
      this.setReplay(request.session, null);
    }
  }

  /** Opens the same connection again in a new tab, next to the old one. */
  async reconnect(session: string): Promise<void> {
    const options = this.connectOptions.get(session);
    if (options === undefined) return;
    await this.connect(options);
  }

  async disconnect(session: string): Promise<void> {
    try {
      await this.api.connections.close({ session });
    } catch (e) {
      this.notify('error', `could not disconnect: ${describeError(e)}`);
    }
  }

  /** Opens a session file: its text read by the page, or (no content) the host's own file dialog. */
  async openFile(request: OpenSessionRequest): Promise<boolean> {
    try {
      const info = await this.api.sessions.open(request);
      this.adopt(info);
      this.activate(info.session);
      return true;
    } catch (e) {
      this.notify('error', `could not open ${request.name ?? 'the session'}: ${describeError(e)}`);
      return false;
    }
  }

  /** Closes the tab; the Node side forgets the session (and ends its connection). */
  async close(session: string): Promise<void> {
    this.remove(session);
    try {
      await this.api.sessions.close({ session });
    } catch (e) {
      this.notify('error', `could not close the session: ${describeError(e)}`);
    }
  }

  notify(kind: Notice['kind'], message: string): void {
    const notice = { id: ++this.noticeId, kind, message };
    // A few at most: an error that repeats should not bury the screen.
    this.update({ notices: [...this.snapshot.notices.slice(-2), notice] });
  }

  dismiss(id: number): void {
    this.update({ notices: this.snapshot.notices.filter((n) => n.id !== id) });
  }

  private onEvent(event: BridgeEvent): void {
    switch (event.type) {
      case 'records': {
        const store = this.store(event.session) ?? this.placeholder(event.session, event.total);
        store.onRecords(event.from, event.records, event.total);
        return;
      }
      case 'session':
        this.upsert(event.info);
        return;
      case 'session-closed':
        this.remove(event.session);
        return;
      case 'error':
        if (event.session !== undefined) this.store(event.session)?.onError(event.message);
        this.notify('error', event.message);
        return;
    }
  }

  /** Records can arrive before open() resolves; hold them in a store the info fills in later. */
  private placeholder(session: string, total: number): SessionStore {
    return this.upsert(
      { session, title: session, kind: 'live', state: 'connecting', total, connections: [] },
      true,
    );
  }

  /**
   * A session an open() call answered with. Its events travel the same channel and may have overtaken
   * the answer (a small file is fully read before the answer is sent): a store that exists already has
   * newer news than this info, so it is kept as it is.
   */
  private adopt(info: SessionInfo): SessionStore {
    return this.store(info.session) ?? this.upsert(info);
  }

  private upsert(info: SessionInfo, provisional = false): SessionStore {
    const existing = this.store(info.session);
    if (existing !== undefined) {
      existing.onInfo(info);
      return existing;
    }
    const store = new SessionStore(this.api, info, this.storeOptions, provisional);
    const replayed = this.replaying > 0 && info.kind === 'live';
    this.update({
      sessions: [...this.snapshot.sessions, store],
      ...(replayed ? { active: info.session } : {}),
    });
    return store;
  }

  private remove(session: string): void {
    const store = this.store(session);
    if (store === undefined) return;
    const sessions = this.snapshot.sessions.filter((s) => s !== store);
    const index = this.snapshot.sessions.indexOf(store);
    const active =
      this.snapshot.active === session
        ? (sessions[Math.min(index, sessions.length - 1)]?.id ?? null)
        : this.snapshot.active;
    store.dispose();
    this.connectOptions.delete(session);
    this.update({ sessions, active });
  }

  private setReplay(session: string, state: ReplayState | null): void {
    const replays = new Map(this.snapshot.replays);
    if (state === null) replays.delete(session);
    else replays.set(session, state);
    this.update({ replays });
  }

  /** New sessions record credentials in clear (for replay) instead of masked; kept in the settings file. */
  setKeepSecrets(keep: boolean): void {
    void this.writeSettings({ keepSecrets: keep });
  }

  /** Remembers where a session was replayed to, for the next replay form (credentials in it masked). */
  setReplayTarget(target: string): void {
    void this.writeSettings({ replayTarget: redactUrl(target) });
  }

  /** What every request that starts a recorded session carries about secrets. */
  private secretsSetting(): { readonly keepSecrets?: true } {
    return this.snapshot.settings.keepSecrets === true ? { keepSecrets: true } : {};
  }

  private update(patch: Partial<AppSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
