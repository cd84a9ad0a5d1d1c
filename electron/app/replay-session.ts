// A replay as a session of the app (`sessions.replay`): the recorded session's connections replayed
// one after another against a live server through the engine into a new live session (each join, leave
// and emit as recorded), resolving with the diff, join by join, once over.
import type { AckAnswer, Fault, ReplayRequest, ReplayResult } from '../../shared/bridge/api';
import { errorMessage, UserError } from '../../shared/user-error';
import type { Json } from '../../shared/record';
import { connectionSettings } from '../../shared/session/session-origin';
import { startLiveReplay, type LiveReplay } from '../replay/live-replay';
import { planReplay, type ReplayPlan } from '../replay/replay-plan';
import { fillSecrets } from '../replay/replay-secrets';
import type { RawFrame } from './ack-frames';
import type { LiveControl, Session } from './session';

/** The plan first, so a session with nothing to replay is refused before a new session exists. */
export function replayPlanFor(source: Session, request: ReplayRequest): ReplayPlan {
  const records = source.store.page(0, source.store.total);
  const planned = planReplay(
    records,
    connectionSettings(source.header?.options ?? { kind: 'other' }),
    request.target,
    request.conn,
  );
  const given = request.secrets ?? {};
  const { plan, missing } = fillSecrets(planned, {
    headers: Object.entries(given.headers ?? {}),
    query: Object.entries(given.query ?? {}),
    ...(given.auth !== undefined && { auth: given.auth }),
  });
  if (missing.length > 0)
    throw new UserError(
      'usage',
      `${source.title} was recorded with secrets masked (${missing.join(', ')}); give their values to replay it, or record with secrets kept`,
    );
  return plan;
}

/** Runs the replay into `session` (already created, live); resolves when it is over. */
export async function runReplaySession(
  plan: ReplayPlan,
  request: ReplayRequest,
  session: Session,
): Promise<ReplayResult> {
  let replay: LiveReplay;
  try {
    replay = startLiveReplay({
      plan,
      speed: request.speed ?? 1,
      onRecords: (batch) => {
        if (session.state === 'connecting') session.setState('open');
        session.append(batch, true);
      },
    });
  } catch (error) {
    session.setState('closed', errorMessage(error));
    throw error;
  }
  session.live = new ReplayControl(replay);
  const result = await replay.done;
  session.setState(
    'closed',
    result.failure?.message ??
      (result.cancelled ? 'replay cancelled: only what ran is compared' : 'replay finished'),
  );
  if (result.failure !== undefined) throw result.failure;
  return { info: session.info(), diff: result.diff, ...(result.cancelled && { cancelled: true }) };
}

/** A replay sends what was recorded, nothing else; it can be stopped early. */
class ReplayControl implements LiveControl {
  constructor(private readonly replay: LiveReplay) {}

  emit(_nsp: string, _event: string, _args: readonly Json[], _ack: boolean): void {
    busy();
  }

  ack(_nsp: string, _id: number, _args: readonly Json[]): void {
    busy();
  }

  ackReplies(_reply: AckAnswer, _replies: Readonly<Record<string, AckAnswer>>): void {
    busy();
  }

  join(_nsp: string, _auth: Json | undefined): void {
    busy();
  }

  leave(_nsp: string): void {
    busy();
  }

  sendRaw(_frame: RawFrame): void {
    busy();
  }

  send(_data: string | Uint8Array): void {
    busy();
  }

  fault(_fault: Fault): void {
    busy();
  }

  async close(): Promise<void> {
    this.replay.stop();
    await this.replay.done;
  }
}

function busy(): never {
  throw new UserError('unsupported', 'a replay sends the recorded emits only');
}
