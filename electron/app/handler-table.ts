// The handler table: InspectorApi on the Node side, ONE object for both hosts (docs/architecture.md, "Where
// Electron cannot run"). Electron's IPC registration and the web host's WebSocket both call `dispatch`
// with a method name and `unknown` params; every request is validated here before use, and every
// answer is an Outcome envelope, so no exception and no stack trace crosses the bridge.
import { rm } from 'node:fs/promises';
import type { BridgeEvent, SessionInfo } from '../../shared/bridge/api';
import {
  isBridgeMethod,
  type BridgeMethod,
  type RequestOf,
  type ResponseOf,
} from '../../shared/bridge/channels';
import { MAX_SESSION_FILE_BYTES } from '../../shared/limits';
import { failedOutcome, type Outcome } from '../../shared/bridge/outcome';
import { validateRequest } from '../../shared/bridge/validate';
import { base64Decode } from '../../shared/protocol/bytes';
import type { Parser } from '../../shared/record';
import { errorMessage, UserError } from '../../shared/user-error';
import { redactUrl } from '../../shared/session/secrets';
import { connectionSettings, type SessionOrigin } from '../../shared/session/session-origin';
import { startRecording } from '../session-io/recording-file';
import { sessionFileHeader } from '../session-io/session-writer';
import { connectOrigin } from './connect-origin';
import type { BatcherOptions } from '../store/append-batcher';
import type { LiveConnector } from './live-session';
import { openFileSession, type OpenedFile } from './open-file-session';
import { SessionRegistry } from './registry';
import { sessionHar, sessionText, suggestedName, writeSessionFile, writeText } from './save-session';
import { startProxySession } from './proxy-session';
import { browserTarget, startBrowserRecording } from './browser-recording';
import { replayPlanFor, runReplaySession } from './replay-session';
import type { LiveControl, Session } from './session';
import { SettingsFile } from './settings-file';
import { EMPTY_SETTINGS } from '../../shared/settings/app-settings';

/** What differs between the hosts; everything else is the same code. */
export interface HostServices {
  /** Electron: the native open dialog (undefined when cancelled). Absent: the web host, uploads only. */
  readonly chooseFileToOpen?: () => Promise<string | undefined>;
  /** Electron: the native save dialog. Absent: `sessions.save` answers with the text to download. */
  readonly chooseFileToSave?: (suggestedName: string) => Promise<string | undefined>;
}

export interface HandlerTableOptions {
  readonly services?: HostServices;
  /** The connection engine; absent: `connections.open` answers `unsupported`. */
  readonly connect?: LiveConnector;
  readonly batching?: BatcherOptions;
  /** Largest file `sessions.open` reads from disk. */
  readonly maxFileBytes?: number;
  /** Where live sessions are recorded as they happen; absent: not recorded (tests). */
  readonly recordDir?: string;
  /** The config folder that holds settings.json; absent: nothing is kept between runs (tests). */
  readonly settingsDir?: string;
}

export type Handlers = { readonly [M in BridgeMethod]: (params: unknown) => Promise<ResponseOf<M>> };

export interface HandlerTable {
  readonly handlers: Handlers;
  /** Runs one request from either host: unknown method, bad params and failures all become Outcomes. */
  dispatch(method: unknown, params: unknown): Promise<Outcome<unknown>>;
  subscribe(listener: (event: BridgeEvent) => void): () => void;
  /** Opens a file from a path the Node side chose (`serve --session`, the native dialog). */
  openPath(path: string): Promise<OpenedFile>;
  /** Reopens the session files that were open when the app last ran (a file that is gone is skipped). */
  restore(): Promise<void>;
  /** Closes every live connection and drops every session. */
  dispose(): Promise<void>;
}

export function createHandlerTable(options: HandlerTableOptions = {}): HandlerTable {
  const services = options.services ?? {};
  const registry = new SessionRegistry(options.batching);
  const maxFileBytes = options.maxFileBytes ?? MAX_SESSION_FILE_BYTES;
  const recordDir = options.recordDir;
  const settings = options.settingsDir === undefined ? undefined : new SettingsFile(options.settingsDir);
  /** Files that could not be reopened at start, said with the settings' notice. */
  const unrestored: string[] = [];

  const openPath = async (path: string, parser?: Parser): Promise<OpenedFile> => {
    const name = basename(path);
    const opened = await openFileSession(registry, { path, maxBytes: maxFileBytes }, name, parser);
    await keep(() => settings?.opened(path));
    return opened;
  };

  // What is open is what reopens at the next start: files as read, live sessions as their recordings.
  registry.subscribe((event) => {
    if (settings === undefined || (event.type !== 'session' && event.type !== 'session-closed')) return;
    const open = registry.list().flatMap((info) => info.file ?? info.recording ?? []);
    void keep(() => settings.setOpenFiles(open));
  });

  const handlers: Handlers = {
    'connections.open': handle('connections.open', async (options) => {
      const connect = connector();
      return startLive(
        redactUrl(options.url),
        options.keepSecrets,
        options.url,
        connectOrigin(options),
        (session) => connect(options, session),
      );
    }),
    'connections.proxy': handle('connections.proxy', async (proxyOptions) => {
      connector(); // a host that makes no connections runs no proxy either
      const origin: SessionOrigin = {
        kind: 'proxy',
        listen: proxyOptions.listenPort ?? 0,
        insecure: proxyOptions.insecure === true,
        ...(proxyOptions.parser !== undefined && { parser: proxyOptions.parser }),
      };
      return startLive(
        `proxy → ${redactUrl(proxyOptions.target)}`,
        proxyOptions.keepSecrets,
        proxyOptions.target,
        origin,
        (session) => startProxySession(proxyOptions, session),
      );
    }),
    'connections.browser': handle('connections.browser', async (browserOptions) => {
      connector(); // a host that makes no connections records no browser either
      const { target, title, origin } = browserTarget(browserOptions);
      const recorded = target.kind === 'launch' ? target.url : target.endpoint.href;
      return startLive(title, browserOptions.keepSecrets, recorded, origin, (session) =>
        startBrowserRecording(target, session),
      );
    }),
    'connections.close': handle('connections.close', async ({ session }) => {
      await live(session).close();
    }),
    'connections.emit': handle('connections.emit', async ({ session, nsp, event, args, ack }) => {
      live(session).emit(nsp, event, args, ack);
    }),
    'connections.ack': handle('connections.ack', async ({ session, nsp, id, args }) => {
      live(session).ack(nsp, id, args);
    }),
    'connections.ackReplies': handle('connections.ackReplies', async ({ session, ackReply, ackReplies }) => {
      live(session).ackReplies(ackReply, ackReplies);
    }),
    'connections.join': handle('connections.join', async ({ session, nsp, auth }) => {
      live(session).join(nsp, auth);
    }),
    'connections.leave': handle('connections.leave', async ({ session, nsp }) => {
      live(session).leave(nsp);
    }),
    'connections.sendRaw': handle('connections.sendRaw', async ({ session, text, binary }) => {
      const control = live(session);
      if (text !== undefined) return control.sendRaw({ text });
      // Validation checked the base64 alphabet and padding, so decoding cannot fail here.
      control.sendRaw({ binary: base64Decode(binary ?? '') ?? new Uint8Array(0) });
    }),
    'connections.send': handle('connections.send', async ({ session, text, binary }) => {
      // Validation checked the base64 alphabet and padding, so decoding cannot fail here.
      live(session).send(text ?? base64Decode(binary ?? '') ?? new Uint8Array(0));
    }),
    'connections.fault': handle('connections.fault', async ({ session, fault }) => {
      live(session).fault(fault);
    }),
    'sessions.list': handle('sessions.list', async (): Promise<readonly SessionInfo[]> => registry.list()),
    'sessions.open': handle('sessions.open', async ({ name, content, parser }) => {
      if (content !== undefined) {
        const opened = await openFileSession(registry, { text: content }, name ?? 'uploaded session', parser);
        return opened.session.info();
      }
      if (services.chooseFileToOpen === undefined)
        throw new UserError('unsupported', 'choose a file to upload: this host has no file dialog');
      const path = await services.chooseFileToOpen();
      if (path === undefined) throw new UserError('usage', 'no file chosen');
      return (await openPath(path, parser)).session.info();
    }),
    'sessions.close': handle('sessions.close', async ({ session }) => {
      const found = registry.get(session);
      await found.live?.close();
      await found.stopRecording();
      registry.remove(found.id);
    }),
    'sessions.save': handle('sessions.save', async ({ session, format = 'session' }) => {
      const found = registry.get(session);
      const name = suggestedName(found, format);
      const text = (): string => (format === 'har' ? sessionHar(found) : sessionText(found));
      if (services.chooseFileToSave === undefined) return { content: text(), name };
      const path = await services.chooseFileToSave(name);
      if (path === undefined) return {};
      // A session reading that file in place would lose its records: writing empties the file first.
      if (registry.readsFrom(path))
        throw new UserError(
          'usage',
          `${path} is the file an open session is read from; save under another name`,
        );
      if (format === 'har') await writeText(path, text());
      else await writeSessionFile(found, path);
      return { path };
    }),
    'sessions.page': handle('sessions.page', async ({ session, from, count }) =>
      registry.get(session).store.page(from, count),
    ),
    'sessions.pick': handle('sessions.pick', async ({ session, indices }) =>
      registry.get(session).store.pick(indices),
    ),
    'sessions.filter': handle('sessions.filter', async ({ session, filter, from }) =>
      registry.get(session).store.filter(filter, from),
    ),
    'sessions.analyse': handle('sessions.analyse', async ({ session }) => registry.get(session).analyse()),
    'sessions.stopAnalysis': handle('sessions.stopAnalysis', async ({ session }) =>
      registry.get(session).stopAnalysis(),
    ),
    'sessions.stopLoading': handle('sessions.stopLoading', async ({ session }) =>
      registry.get(session).stopLoading(),
    ),
    'sessions.openRecent': handle('sessions.openRecent', async ({ path }) => {
      if (settings === undefined || !(await settings.lists(path)))
        throw new UserError('usage', 'only a file the recent files list can be opened by its path');
      return (await openPath(path)).session.info();
    }),
    'settings.read': handle('settings.read', async () => {
      if (settings === undefined) return { settings: EMPTY_SETTINGS };
      const { settings: kept, notice } = await settings.read();
      const lines = [...(notice === undefined ? [] : [notice]), ...unrestored];
      return { settings: kept, file: settings.path, ...(lines.length > 0 && { notice: lines.join('; ') }) };
    }),
    'settings.write': handle('settings.write', async (update) => {
      if (settings === undefined) throw new UserError('unsupported', 'this host keeps no settings');
      await settings.update(update);
    }),
    'sessions.replay': handle('sessions.replay', async (request) => {
      connector();
      const source = registry.get(request.session);
      const plan = replayPlanFor(source, request);
      const session = registry.create('live', `replay of ${source.title} → ${redactUrl(request.target)}`);
      keepSecretsOf(session, request.keepSecrets);
      await record(session, request.target, {
        kind: 'replay',
        ...connectionSettings(source.header?.options ?? { kind: 'other' }),
        replayOf: source.title,
        speed: request.speed ?? 1,
      });
      return runReplaySession(plan, request, session);
    }),
  };

  function connector(): LiveConnector {
    if (options.connect === undefined)
      throw new UserError('unsupported', 'live connections are not available in this host');
    return options.connect;
  }

  /**
   * A new live session: its recording first, so the file holds it from its first record, then `start`;
   * when `start` fails the session and its file are gone and the failure is the answer.
   */
  async function startLive(
    title: string,
    keepSecrets: boolean | undefined,
    target: string,
    origin: SessionOrigin,
    start: (session: Session) => LiveControl | Promise<LiveControl>,
  ): Promise<SessionInfo> {
    const session = registry.create('live', title);
    keepSecretsOf(session, keepSecrets);
    await record(session, target, origin);
    try {
      session.live = await start(session);
    } catch (error) {
      await discardRecording(session);
      registry.remove(session.id);
      throw error;
    }
    return session.info();
  }

  /** A session that cannot be recorded still runs; the renderer hears why it is not recorded. */
  async function record(session: Session, target: string, origin: SessionOrigin): Promise<void> {
    // Held in clear like the records; masked where written unless the session keeps secrets. Stamped
    // with the session's start, the time its records count from, so a saved file's HAR is dated as the
    // live session's.
    const created = new Date(session.startedAt);
    session.header = sessionFileHeader({ target, options: origin, created }, true);
    if (recordDir === undefined) return;
    try {
      const recording = await startRecording(recordDir, target, origin, {
        keepSecrets: !session.masksSecrets,
        now: created,
      });
      session.record(recording);
      await keep(() => settings?.opened(recording.path));
    } catch (error) {
      const why = errorMessage(error);
      registry.publishError(`not recording this session: ${why}`, session.id);
    }
  }

  /** A live session's records hold credentials in clear; they are masked where written unless kept. */
  function keepSecretsOf(session: Session, keep: boolean | undefined): void {
    session.masksSecrets = keep !== true;
  }

  /** A connection that never started leaves no file behind. */
  async function discardRecording(session: Session): Promise<void> {
    const path = session.info().recording;
    await session.stopRecording();
    if (path !== undefined) await rm(path, { force: true });
  }

  /** Settings that cannot be written never stop what the user asked for; the page hears why. */
  async function keep(write: () => Promise<void> | undefined): Promise<void> {
    try {
      await write();
    } catch (error) {
      registry.publishError(`settings not saved: ${errorMessage(error)}`);
    }
  }

  function live(id: string): LiveControl {
    const session: Session = registry.get(id);
    if (session.live === undefined)
      throw new UserError('usage', `session "${id}" is an opened file, not a live connection`);
    return session.live;
  }

  return {
    handlers,
    dispatch: async (method, params) => {
      if (!isBridgeMethod(method))
        return failedOutcome(new UserError('usage', `unknown method ${describe(method)}`));
      try {
        const result: unknown = await (handlers[method] as (params: unknown) => Promise<unknown>)(params);
        return { ok: true, result };
      } catch (error) {
        return failedOutcome(error);
      }
    },
    subscribe: (listener) => registry.subscribe(listener),
    openPath,
    restore: async () => {
      if (settings === undefined) return;
      const { settings: kept } = await settings.read();
      for (const path of kept.openFiles) {
        try {
          await openPath(path);
        } catch (error) {
          unrestored.push(`not reopened: ${errorMessage(error)}`);
        }
      }
    },
    dispose: async () => {
      const sessions = registry.list().map((info) => registry.get(info.session));
      await Promise.allSettled(sessions.flatMap((s) => s.live?.close() ?? []));
      await Promise.allSettled(sessions.map((s) => s.stopRecording()));
      registry.dispose();
    },
  };
}

/** Validates, then runs; a request that does not fit is refused before `run` sees it. */
function handle<M extends BridgeMethod>(
  method: M,
  run: (request: RequestOf<M>) => Promise<ResponseOf<M>>,
): (params: unknown) => Promise<ResponseOf<M>> {
  return async (params) => {
    const checked = validateRequest(method, params);
    if (!checked.ok) throw new UserError('usage', checked.error);
    return run(checked.value);
  };
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : typeof value;
}
