// The polling → websocket upgrade (docs/protocol.md §1.5), read off the sequence: how long the probe
// took, whether the upgrade completed, and where it stopped when it did not. An upgrade the client cut
// short (it closed the session within UPGRADE_PATIENCE_MS of the last step: a refused namespace,
// --until, Ctrl-C) is no fault of the server's, so it stops without a finding.
import { elapsed } from './stats';
import type { Handshake } from './handshake';
import { finding, type Finding } from './findings';
import type { SequenceAnalysis, SequenceStep, StepName } from './sequence';

export interface UpgradeAnalysis {
  /** 2probe → 3probe; null when the probe was not answered or never sent. */
  readonly probeMs: number | null;
  /** The client sent the upgrade packet. */
  readonly completed: boolean;
  /** The last upgrade step reached when an upgrade started and did not complete; otherwise null. */
  readonly stoppedAt: StepName | null;
  /** A websocket opened after a polling handshake, or a 2probe was sent. */
  readonly attempted: boolean;
  /** From the start of the upgrade (ws-open, else 2probe) to the upgrade packet; null unless completed. */
  readonly ms: number | null;
  readonly findings: readonly Finding[];
}

/** How long the server gets to take the next upgrade step before the client's close is its own choice. */
export const UPGRADE_PATIENCE_MS = 1000;

/** When the client ended the session (its Engine.IO close packet, or the inspector closing), if it did. */
export interface ClientEnd {
  readonly t: number;
}

export function analyzeUpgrade(
  sequence: SequenceAnalysis,
  handshake: Handshake | null,
  clientEnd: ClientEnd | null = null,
): UpgradeAnalysis {
  const { steps } = sequence;
  const at = (index: number | null): SequenceStep | undefined => (index === null ? undefined : steps[index]);
  const { wsOpen, probe, probeAnswer, noop, upgrade } = sequence.upgrade;
  const start = at(wsOpen) ?? at(probe);
  const done = at(upgrade);
  const attempted = start !== undefined || done !== undefined;
  const findings: Finding[] = [];

  if (attempted && handshake !== null && !handshake.upgrades.includes('websocket')) {
    const first = start ?? done;
    const offered = handshake.upgrades.length === 0 ? 'none' : handshake.upgrades.join(', ');
    findings.push(
      finding(
        'UPGRADE_NOT_OFFERED',
        first?.frame ?? null,
        `upgrade to websocket, but the handshake offered ${offered}`,
      ),
    );
  }
  if (done !== undefined && !done.ok) {
    const why =
      probe === null
        ? 'no 2probe was sent before it'
        : `the 2probe at frame ${at(probe)?.frame ?? '?'} had no 3probe answer before it`;
    findings.push(finding('UPGRADE_WITHOUT_PROBE', done.frame, `upgrade packet sent, but ${why}`));
  }
  let stoppedAt: StepName | null = null;
  if (attempted && done === undefined) {
    const lastIndex = Math.max(wsOpen ?? -1, probe ?? -1, probeAnswer ?? -1, noop ?? -1);
    const last = steps[lastIndex];
    stoppedAt = last?.step ?? null;
    const missing =
      probe === null ? '2probe' : probeAnswer === null ? '3probe from the server' : 'upgrade packet';
    // Packets the server sends after the client's close (a noop that releases a poll) do not make the
    // client's close any less its own choice.
    const cutShort = clientEnd !== null && last !== undefined && clientEnd.t - last.t < UPGRADE_PATIENCE_MS;
    if (!cutShort)
      findings.push(
        finding(
          'UPGRADE_INCOMPLETE',
          last?.frame ?? null,
          `upgrade to websocket stopped after ${stoppedAt}: no ${missing}`,
        ),
      );
  }
  return {
    probeMs: at(probeAnswer)?.ms ?? null,
    completed: done !== undefined,
    stoppedAt,
    attempted,
    ms: done !== undefined && start !== undefined ? elapsed(start.t, done.t) : null,
    findings,
  };
}
