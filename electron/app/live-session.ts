// A live session: one engine Connection (electron/engine) feeding a Session. Records arrive in the
// engine's per-frame batches and go straight to the store; the registry's batcher coalesces what the
// renderer sees. The bridge's options map onto the engine's here, and nowhere else.
import type { AckAnswer, ConnectOptions, Fault } from '../../shared/bridge/api';
import { describeUserError, UserError } from '../../shared/user-error';
import type { Json, Parser } from '../../shared/record';
import { refusal } from '../../shared/analysis/namespaces';
import { ReconnectingConnection, type ReconnectingEvent } from '../engine/reconnecting-connection';
import { namespaceOf } from '../../shared/protocol/sio-namespace';
import { ackFrames, type RawFrame } from './ack-frames';
import type { LiveControl, Session } from './session';

/** Starts the connection for `session`; throws UserError `invalid-request` for options the engine refuses. */
export type LiveConnector = (options: ConnectOptions, session: Session) => LiveControl;

/** Between leaving a namespace and joining it again (re-authentication). */
const REJOIN_DELAY_MS = 100;
/** How long a clean close may take before the transport is cut. */
const CLOSE_GRACE_MS = 2000;

export const connectLive: LiveConnector = (options, session) => {
  const answers = new AckAnswers(options.ackReply ?? [], options.ackReplies ?? {});
  const engineOptions = { ...options, ackReply: answers.answer };
  const connection = new ReconnectingConnection(engineOptions, options.reconnect === true ? {} : undefined, {
    records: (batch) => session.append(batch, true),
    event: (event) => onEvent(session, event),
  });
  connection.start();
  return new EngineControl(connection, answers, options.parser ?? 'socket.io');
};

/** How the server's ack requests are answered, changeable while the connection runs. */
class AckAnswers {
  constructor(
    private reply: AckAnswer,
    private replies: Readonly<Record<string, AckAnswer>>,
  ) {}

  set(reply: AckAnswer, replies: Readonly<Record<string, AckAnswer>>): void {
    this.reply = reply;
    this.replies = replies;
  }

  /** The engine's per-event answer: undefined holds the request for connections.ack. */
  readonly answer = (event: string | number | undefined): readonly Json[] | undefined => {
    const name = event === undefined ? undefined : String(event);
    const chosen =
      name !== undefined && Object.prototype.hasOwnProperty.call(this.replies, name)
        ? this.replies[name]
        : this.reply;
    return chosen === 'manual' ? undefined : chosen;
  };
}

class EngineControl implements LiveControl {
  constructor(
    private readonly connection: ReconnectingConnection,
    private readonly answers: AckAnswers,
    private readonly parser: Parser,
  ) {}

  ackReplies(reply: AckAnswer, replies: Readonly<Record<string, AckAnswer>>): void {
    this.answers.set(reply, replies);
  }

  emit(nsp: string, event: string, args: readonly Json[], ack: boolean): void {
    this.whileOpen();
    try {
      this.connection.emit(nsp, event, args, { ack });
    } catch (error) {
      // RangeError: a `{$binary}` that is not base64, a namespace the grammar cannot carry.
      if (error instanceof RangeError) throw new UserError('usage', error.message);
      throw error;
    }
  }

  ack(nsp: string, id: number, args: readonly Json[]): void {
    const transport = this.connection.transport;
    if (transport === undefined || this.connection.state !== 'open')
      throw new UserError('network', 'the connection is not open: nothing to answer on');
    let frames: RawFrame[];
    try {
      frames = ackFrames(nsp, id, args, this.connection.version, transport, this.parser);
    } catch (error) {
      if (error instanceof RangeError) throw new UserError('usage', error.message);
      throw error;
    }
    for (const frame of frames) this.sendFrame(frame);
  }

  join(nsp: string, auth: Json | undefined): void {
    this.whileOpen();
    const joined = this.connection.namespaces.some(
      (n) =>
        namespaceOf(n.nsp) === namespaceOf(nsp) && (n.status === 'connected' || n.status === 'connecting'),
    );
    if (!joined) return this.connection.join(nsp, auth);
    // Re-authenticating: leave, then join again. socket.io 4 handles a DISCONNECT on its next tick, and a
    // CONNECT for a namespace it still holds goes unanswered, so the CONNECT waits a moment.
    this.connection.leave(nsp);
    setTimeout(() => {
      if (this.connection.state === 'open') this.connection.join(nsp, auth);
    }, REJOIN_DELAY_MS);
  }

  leave(nsp: string): void {
    this.whileOpen();
    this.connection.leave(nsp);
  }

  sendRaw(frame: RawFrame): void {
    this.sendFrame(frame);
  }

  send(data: string | Uint8Array): void {
    if (this.parser !== 'none')
      throw new UserError(
        'usage',
        `this session speaks Socket.IO (parser ${this.parser}): send plain Engine.IO messages only with parser none; use emit`,
      );
    if (this.connection.state !== 'open')
      throw new UserError('network', 'the connection is not open: nothing to send on');
    this.connection.send(data);
  }

  fault(fault: Fault): void {
    this.whileOpen();
    this.connection.fault(fault);
  }

  async close(): Promise<void> {
    if (this.connection.state === 'closed') return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>(
      (resolve) => (timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS)),
    );
    const result = await Promise.race([this.connection.close(), grace]);
    clearTimeout(timer);
    // A server that does not answer the close is not waited for: cut the transport.
    if (result === 'late') this.connection.fault({ kind: 'drop-transport' });
  }

  private sendFrame(frame: RawFrame): void {
    if (!this.connection.sendRaw(frame))
      throw new UserError('network', 'the connection has no open transport to send on');
  }

  private whileOpen(): void {
    if (this.connection.state === 'closed' || this.connection.state === 'closing')
      throw new UserError('network', 'the connection is closed');
  }
}

function onEvent(session: Session, event: ReconnectingEvent): void {
  if (event.type === 'open') session.setState('open');
  // Waiting to reconnect: the timeline's `reconnect` row says why and for how long.
  else if (event.type === 'reconnecting') session.setState('connecting');
  else if (event.type === 'namespace')
    session.setNamespace({
      nsp: event.nsp,
      status: event.status,
      ...(event.status === 'refused' && { error: oneLine(refusal(event.error).message) }),
    });
  else if (event.type === 'closed')
    if (event.failure === undefined) session.setState('closed', event.reason);
    else session.setState('closed', describeUserError(event.failure), event.failure);
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
