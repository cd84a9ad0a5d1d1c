// The scenario every server goes through, driven by the official clients (socket.io-client 4 for
// Engine.IO v4, socket.io-client 2 for v3) connected through a recording proxy: connect, welcome, an
// acked emit, binary both ways, answer a server-requested ack, a refused then accepted namespace,
// two heartbeats, disconnect. Every step awaits an event; nothing sleeps.
import { Manager } from 'socket.io-client';
import clientV2 from 'socket.io-client-v2';
import type { EioVersion, Json } from '../../shared/record';
import { ADMIN_TOKEN } from './servers';
import { clientClosed, heartbeatsSeen, type Recording } from './recording';

export type TransportMode = 'polling' | 'websocket' | 'upgrade';

/** JSON values (typed as such, so callers can pass them where `Json` is expected), non-ASCII included. */
export const ECHO_ARGS: Json[] = ['hello', { n: 1, nested: [true, null, 'é€😀'] }];
/** Not valid UTF-8, so any text round trip would show. */
export const BINARY = Uint8Array.from([0, 1, 2, 127, 128, 200, 253, 254, 255]);
export const ANSWER = { answer: 42 };
export const QUESTION = 'what is the answer?';

export interface ScenarioResult {
  readonly eio: EioVersion;
  readonly engineSid: string;
  readonly socketId: string;
  readonly welcome: unknown;
  readonly ackArgs: unknown[];
  readonly binaryBack: Uint8Array;
  readonly question: unknown;
  readonly answered: unknown;
  readonly refusal: string;
  readonly adminWelcome: unknown;
  /** The transport in use when the scenario disconnected. */
  readonly finalTransport: string;
}

interface Emitter {
  once(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
}

/** socket.io-client 4, Engine.IO v4. */
export async function runV4Client(recording: Recording, mode: TransportMode): Promise<ScenarioResult> {
  const manager = new Manager(recording.url, { ...transportOptions(mode), reconnection: false });
  const upgraded = mode === 'upgrade' ? next(manager.engine, 'upgrade') : undefined;
  try {
    const root = manager.socket('/');
    const { step, welcome, asked } = await begin(root, upgraded, 'connect_error');
    const exchanged = await exchange(root, step);

    const admin = manager.socket('/admin', { auth: { token: 'wrong' } });
    const [refusal] = await step(next<[Error]>(admin, 'connect_error', 'connect'));
    admin.auth = { token: ADMIN_TOKEN };
    const adminWelcome = next<[unknown]>(admin, 'welcome');
    admin.connect();
    await step(next(admin, 'connect', 'connect_error'));
    const [adminWelcomeData] = await step(adminWelcome);

    const ended = await finish(recording, 4, step, { manager, root, admin });
    return {
      ...ended,
      ...exchanged,
      welcome,
      question: asked.question,
      refusal: refusal.message,
      adminWelcome: adminWelcomeData,
    };
  } finally {
    manager.engine.close();
  }
}

/** socket.io-client 2, Engine.IO v3. */
export async function runV2Client(recording: Recording, mode: TransportMode): Promise<ScenarioResult> {
  const manager = new clientV2.Manager(recording.url, { ...transportOptions(mode), reconnection: false });
  const upgraded = mode === 'upgrade' ? next(manager.engine, 'upgrade') : undefined;
  try {
    const root = manager.socket('/');
    const { step, welcome, asked } = await begin(root, upgraded, 'error');
    const exchanged = await exchange(root, step);

    // Socket.IO v4 has no auth payload: the client puts its query into the CONNECT packet instead.
    const admin = manager.socket('/admin', { query: 'token=wrong' });
    const [refusal] = await step(next<[unknown]>(admin, 'error', 'connect'));
    admin.query = `token=${ADMIN_TOKEN}`;
    const adminWelcome = next<[unknown]>(admin, 'welcome');
    admin.connect();
    await step(next(admin, 'connect', 'error'));
    const [adminWelcomeData] = await step(adminWelcome);

    const ended = await finish(recording, 3, step, { manager, root, admin });
    return {
      ...ended,
      ...exchanged,
      welcome,
      question: asked.question,
      refusal: String(refusal),
      adminWelcome: adminWelcomeData,
    };
  } finally {
    manager.close();
  }
}

interface ClientSocket {
  readonly id?: string | undefined;
  on(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  disconnect(): unknown;
}

/**
 * The start both generations share: `/` connects (the upgrade done too, when asked for) and the
 * server's welcome arrives. `refusedEvent` is what the generation fires instead of `connect`.
 */
async function begin(
  root: ClientSocket,
  upgraded: Promise<unknown> | undefined,
  refusedEvent: string,
): Promise<{ step: Step; welcome: unknown; asked: { question: unknown } }> {
  const step = failOnDisconnect(root);
  const asked = answerAsk(root);
  const welcomed = next<[unknown]>(root, 'welcome');
  await step(next(root, 'connect', refusedEvent));
  if (upgraded !== undefined) await step(upgraded);
  const [welcome] = await step(welcomed);
  return { step, welcome, asked };
}

/** Answers the server's `ask` with ANSWER and keeps the question it asked. */
function answerAsk(root: ClientSocket): { question: unknown } {
  const asked: { question: unknown } = { question: undefined };
  root.on('ask', (q: unknown, ack: (answer: unknown) => void) => {
    asked.question = q;
    ack(ANSWER);
  });
  return asked;
}

/** The part of the scenario both client generations do alike: acked echo, binary both ways, ask-me. */
async function exchange(
  root: ClientSocket,
  step: Step,
): Promise<Pick<ScenarioResult, 'ackArgs' | 'binaryBack' | 'answered'>> {
  const ackArgs = await step(
    new Promise<unknown[]>((resolve) =>
      root.emit('echo', ...ECHO_ARGS, (...args: unknown[]) => resolve(args)),
    ),
  );
  const binaryBack = next<[Uint8Array]>(root, 'binary');
  root.emit('echo-binary', Buffer.from(BINARY));
  const [back] = await step(binaryBack);
  const answered = next<[unknown]>(root, 'answered');
  root.emit('ask-me');
  const [answer] = await step(answered);
  return { ackArgs, binaryBack: new Uint8Array(back), answered: answer };
}

/** The end both generations share: two heartbeats, then both namespaces leave and the client closes. */
async function finish(
  recording: Recording,
  eio: EioVersion,
  step: Step,
  client: {
    readonly manager: {
      readonly engine: { readonly id: string; readonly transport: { readonly name: string } };
    };
    readonly root: ClientSocket;
    readonly admin: ClientSocket;
  },
): Promise<Pick<ScenarioResult, 'eio' | 'engineSid' | 'socketId' | 'finalTransport'>> {
  await step(recording.until('two heartbeats', () => heartbeatsSeen(recording.frames, eio) >= 2));
  const { engine } = client.manager;
  const ended = {
    eio,
    engineSid: engine.id,
    socketId: client.root.id ?? '',
    finalTransport: engine.transport.name,
  };
  step.done();
  client.admin.disconnect();
  client.root.disconnect();
  await recording.until('the client closing', () => clientClosed(recording, eio));
  return ended;
}

interface Step {
  <T>(promise: Promise<T>): Promise<T>;
  /** The scenario is about to disconnect on purpose. */
  done(): void;
}

/** Races every step against the root socket dropping, so a lost connection fails with its reason at once. */
function failOnDisconnect(root: unknown): Step {
  const socket = root as Emitter;
  let onDisconnect: (reason: unknown) => void = () => undefined;
  const lost = new Promise<never>((_, reject) => {
    onDisconnect = (reason) =>
      reject(new Error(`the client lost its connection mid-scenario: ${String(reason)}`));
    socket.once('disconnect', onDisconnect);
  });
  lost.catch(() => undefined); // observed through the races below
  const step = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, lost]);
  return Object.assign(step, { done: () => void socket.off('disconnect', onDisconnect) });
}

function transportOptions(mode: TransportMode): { transports: string[]; upgrade: boolean } {
  if (mode === 'polling') return { transports: ['polling'], upgrade: false };
  if (mode === 'websocket') return { transports: ['websocket'], upgrade: false };
  return { transports: ['polling', 'websocket'], upgrade: true };
}

/** The arguments of the next `event`; rejects if `failEvent` comes first, with what it carried. */
function next<T extends unknown[] = unknown[]>(
  emitter: unknown,
  event: string,
  failEvent?: string,
): Promise<T> {
  const target = emitter as Emitter;
  return new Promise<T>((resolve, reject) => {
    const onEvent = (...args: unknown[]): void => {
      if (failEvent !== undefined) target.off(failEvent, onFail);
      resolve(args as T);
    };
    const onFail = (...args: unknown[]): void => {
      target.off(event, onEvent);
      reject(new Error(`expected ${event}, got ${failEvent}: ${args.map((a) => String(a)).join(', ')}`));
    };
    target.once(event, onEvent);
    if (failEvent !== undefined) target.once(failEvent, onFail);
  });
}
