// The control of a session that only records other clients' traffic (a proxy, a browser): it can be
// stopped, and every attempt to send through it is refused with the reason.
import type { AckAnswer, Fault } from '../../shared/bridge/api';
import type { Json } from '../../shared/record';
import { UserError } from '../../shared/user-error';
import type { RawFrame } from './ack-frames';
import type { LiveControl } from './session';

export class RecordOnlyControl implements LiveControl {
  constructor(
    /** Stops recording and says so in the session. */
    private readonly stop: () => Promise<void>,
    /** Why the session cannot send, one line. */
    private readonly refusal: string,
  ) {}

  emit(_nsp: string, _event: string, _args: readonly Json[], _ack: boolean): void {
    this.cannotSend();
  }

  ack(_nsp: string, _id: number, _args: readonly Json[]): void {
    this.cannotSend();
  }

  ackReplies(_reply: AckAnswer, _replies: Readonly<Record<string, AckAnswer>>): void {
    this.cannotSend();
  }

  join(_nsp: string, _auth: Json | undefined): void {
    this.cannotSend();
  }

  leave(_nsp: string): void {
    this.cannotSend();
  }

  sendRaw(_frame: RawFrame): void {
    this.cannotSend();
  }

  send(_data: string | Uint8Array): void {
    this.cannotSend();
  }

  fault(_fault: Fault): void {
    this.cannotSend();
  }

  close(): Promise<void> {
    return this.stop();
  }

  private cannotSend(): never {
    throw new UserError('unsupported', this.refusal);
  }
}
