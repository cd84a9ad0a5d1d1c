// The scenario every server goes through, driven by the official clients (socket.io-client 4 for
// Engine.IO v4, socket.io-client 2 for v3) connected through a recording proxy: connect, welcome, an
// acked emit, binary both ways, answer a server-requested ack, a refused then accepted namespace,
// two heartbeats, disconnect. Every step awaits an event; nothing sleeps.
import { Manager } from 'socket.io-client';
import clientV2 from 'socket.io-client-v2';
import type { EioVersion } from '../../../shared/record';
import { ADMIN_TOKEN } from './servers';
import { clientClosed, heartbeatsSeen, type Recording } from './recording';

export type TransportMode = 'polling' | 'websocket' | 'upgrade';

export const ECHO_ARGS = ['hello', { n: 1, nested: [true, null, 'é€😀'] }] as const;
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
    let question: unknown;
    root.on('ask', (q: unknown, ack: (answer: unknown) => void) => {
      question = q;
      ack(ANSWER);
    });
    const welcome = next<[unknown]>(root, 'welcome');
    await next(root, 'connect', 'connect_error');
    await upgraded;
    const [welcomeData] = await welcome;

    const ackArgs = await new Promise<unknown[]>((resolve) =>
      root.emit('echo', ...ECHO_ARGS, (...args: unknown[]) => resolve(args)),
    );
    const binaryBack = next<[Uint8Array]>(root, 'binary');
    root.emit('echo-binary', Buffer.from(BINARY));
    const [back] = await binaryBack;
    const answered = next<[unknown]>(root, 'answered');
    root.emit('ask-me');
    const [answer] = await answered;

    const admin = manager.socket('/admin', { auth: { token: 'wrong' } });
    const [refusal] = await next<[Error]>(admin, 'connect_error', 'connect');
    admin.auth = { token: ADMIN_TOKEN };
    const adminWelcome = next<[unknown]>(admin, 'welcome');
    admin.connect();
    await next(admin, 'connect', 'connect_error');
    const [adminWelcomeData] = await adminWelcome;

    await recording.until('two heartbeats', () => heartbeatsSeen(recording.frames, 4) >= 2);
    const finalTransport = manager.engine.transport.name;
    const engineSid = manager.engine.id;
    const socketId = root.id ?? '';
    admin.disconnect();
    root.disconnect();
    await recording.until('the client closing', () => clientClosed(recording, 4));
    return {
      eio: 4,
      engineSid,
      socketId,
      welcome: welcomeData,
      ackArgs,
      binaryBack: new Uint8Array(back),
      question,
      answered: answer,
      refusal: refusal.message,
      adminWelcome: adminWelcomeData,
      finalTransport,
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
    let question: unknown;
    root.on('ask', (q: unknown, ack: (answer: unknown) => void) => {
      question = q;
      ack(ANSWER);
    });
    const welcome = next<[unknown]>(root, 'welcome');
    await next(root, 'connect', 'error');
    await upgraded;
    const [welcomeData] = await welcome;

    const ackArgs = await new Promise<unknown[]>((resolve) =>
      root.emit('echo', ...ECHO_ARGS, (...args: unknown[]) => resolve(args)),
    );
    const binaryBack = next<[Uint8Array]>(root, 'binary');
    root.emit('echo-binary', Buffer.from(BINARY));
    const [back] = await binaryBack;
    const answered = next<[unknown]>(root, 'answered');
    root.emit('ask-me');
    const [answer] = await answered;

    // Socket.IO v4 has no auth payload: the client puts its query into the CONNECT packet instead.
    const admin = manager.socket('/admin', { query: 'token=wrong' });
    const [refusal] = await next<[unknown]>(admin, 'error', 'connect');
    admin.query = `token=${ADMIN_TOKEN}`;
    const adminWelcome = next<[unknown]>(admin, 'welcome');
    admin.connect();
    await next(admin, 'connect', 'error');
    const [adminWelcomeData] = await adminWelcome;

    await recording.until('two heartbeats', () => heartbeatsSeen(recording.frames, 3) >= 2);
    const finalTransport = manager.engine.transport.name;
    const engineSid = manager.engine.id;
    const socketId = root.id;
    admin.disconnect();
    root.disconnect();
    await recording.until('the client closing', () => clientClosed(recording, 3));
    return {
      eio: 3,
      engineSid,
      socketId,
      welcome: welcomeData,
      ackArgs,
      binaryBack: new Uint8Array(back),
      question,
      answered: answer,
      refusal: String(refusal),
      adminWelcome: adminWelcomeData,
      finalTransport,
    };
  } finally {
    manager.close();
  }
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
