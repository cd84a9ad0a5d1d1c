// Every bridge method by name, once, for the three places that route by name: the preload (one IPC
// channel per method), the main-side IPC registration, and the web host's WebSocket dispatch. The
// request and response types come from InspectorApi, so a method cannot drift from the contract.
import type { InspectorApi } from './api';

type Groups = Omit<InspectorApi, 'onEvent'>;
type Group = keyof Groups;

/** `group.method`, e.g. `sessions.page`. */
export type BridgeMethod = { [G in Group]: `${G}.${keyof Groups[G] & string}` }[Group];

type MethodOf<M extends BridgeMethod> = M extends `${infer G extends Group}.${infer N}`
  ? N extends keyof Groups[G]
    ? Groups[G][N]
    : never
  : never;

type AnyMethod = (...args: never[]) => unknown;

/** The one params object of a method; `undefined` for methods without one (`sessions.list`). */
export type RequestOf<M extends BridgeMethod> =
  MethodOf<M> extends AnyMethod ? Parameters<MethodOf<M>>[0] : never;
export type ResponseOf<M extends BridgeMethod> =
  MethodOf<M> extends AnyMethod ? Awaited<ReturnType<MethodOf<M>>> : never;

/** Keyed by method so the compiler insists every method of InspectorApi is listed, and nothing else. */
const METHODS: { readonly [M in BridgeMethod]: true } = {
  'connections.open': true,
  'connections.close': true,
  'connections.emit': true,
  'connections.ack': true,
  'connections.ackReplies': true,
  'connections.join': true,
  'connections.leave': true,
  'connections.sendRaw': true,
  'connections.send': true,
  'connections.fault': true,
  'connections.proxy': true,
  'connections.browser': true,
  'sessions.list': true,
  'sessions.open': true,
  'sessions.close': true,
  'sessions.save': true,
  'sessions.page': true,
  'sessions.pick': true,
  'sessions.filter': true,
  'sessions.analyse': true,
  'sessions.stopAnalysis': true,
  'sessions.stopLoading': true,
  'sessions.replay': true,
  'sessions.openRecent': true,
  'settings.read': true,
  'settings.write': true,
};

export const BRIDGE_METHODS = Object.keys(METHODS) as readonly BridgeMethod[];

export function isBridgeMethod(name: unknown): name is BridgeMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHODS, name);
}

/** Electron IPC channel of a method; `inspector:` keeps ours apart from anything Electron sends. */
export function ipcChannel(method: BridgeMethod): string {
  return `inspector:${method}`;
}

/** The channel main pushes BridgeEvents on. */
export const EVENT_CHANNEL = 'inspector:event';
