import { describe, expect, it } from 'vitest';
import { readHandshake, type Handshake } from '../../../../shared/analysis/handshake';
import { analyzeSequence } from '../../../../shared/analysis/sequence';
import { clientEnd } from '../../../../shared/analysis/close';
import { analyzeUpgrade, UPGRADE_PATIENCE_MS } from '../../../../shared/analysis/upgrade';
import type { SessionRecord } from '../../../../shared/record';
import {
  close,
  HANDSHAKE,
  noop,
  open,
  probe,
  probeAnswer,
  Session,
  upgrade,
  v4PollingUpgradeSession,
  v4WebsocketSession,
} from './records';

const handshake = readHandshake({ ...HANDSHAKE, upgrades: ['websocket'] });

function run(records: readonly SessionRecord[], hs: Handshake | null = handshake) {
  return analyzeUpgrade(analyzeSequence(records), hs);
}

describe('analyzeUpgrade', () => {
  it('times a completed upgrade', () => {
    expect(run(v4PollingUpgradeSession().records)).toEqual({
      probeMs: 3,
      completed: true,
      stoppedAt: null,
      attempted: true,
      ms: 6, // ws-open at 9 → upgrade at 15
      findings: [],
    });
  });

  it('reports no upgrade for a websocket-only session', () => {
    const a = run(v4WebsocketSession().records, readHandshake({ ...HANDSHAKE, upgrades: [] }));
    expect(a).toEqual({
      probeMs: null,
      completed: false,
      stoppedAt: null,
      attempted: false,
      ms: null,
      findings: [],
    });
  });

  it('times from the 2probe when no ws-open was recorded', () => {
    const s = new Session();
    s.at(0).in('polling', open()).at(10).out('websocket', probe()).at(12).in('websocket', probeAnswer());
    s.at(20).out('websocket', upgrade());
    expect(run(s.records)).toMatchObject({ probeMs: 2, completed: true, ms: 10, findings: [] });
  });

  it('says where an upgrade stopped, and flags it', () => {
    const s = new Session();
    s.at(0).in('polling', open()).at(5).lifecycle('ws-open');
    const probeFrame = s.at(6).out('websocket', probe()).lastFrame;
    const a = run(s.records);
    expect(a).toMatchObject({
      probeMs: null,
      completed: false,
      stoppedAt: '2probe',
      attempted: true,
      ms: null,
    });
    expect(a.findings).toEqual([
      {
        code: 'UPGRADE_INCOMPLETE',
        severity: 'warning',
        frame: probeFrame,
        message: 'upgrade to websocket stopped after 2probe: no 3probe from the server',
      },
    ]);
  });

  it('names the last step reached: the noop after the 3probe waits for the upgrade packet', () => {
    const s = new Session();
    s.in('polling', open()).lifecycle('ws-open').out('websocket', probe()).in('websocket', probeAnswer());
    const noopFrame = s.in('polling', noop()).lastFrame;
    const a = run(s.records);
    expect(a.stoppedAt).toBe('noop');
    expect(a.probeMs).toBe(0);
    expect(a.findings).toEqual([
      expect.objectContaining({
        code: 'UPGRADE_INCOMPLETE',
        frame: noopFrame,
        message: 'upgrade to websocket stopped after noop: no upgrade packet',
      }),
    ]);
  });

  it('points an upgrade stuck at ws-open at no frame when ws-open had none', () => {
    const s = new Session();
    s.in('polling', open()).lifecycle('ws-open');
    const a = run(s.records);
    expect(a.stoppedAt).toBe('ws-open');
    expect(a.findings).toEqual([
      expect.objectContaining({
        code: 'UPGRADE_INCOMPLETE',
        frame: null,
        message: 'upgrade to websocket stopped after ws-open: no 2probe',
      }),
    ]);
  });

  it('flags an upgrade packet sent with no probe at all', () => {
    const s = new Session();
    s.in('polling', open());
    const up = s.out('websocket', upgrade()).lastFrame;
    const a = run(s.records);
    expect(a).toMatchObject({ completed: true, attempted: true, stoppedAt: null, probeMs: null, ms: null });
    expect(a.findings).toEqual([
      {
        code: 'UPGRADE_WITHOUT_PROBE',
        severity: 'error',
        frame: up,
        message: 'upgrade packet sent, but no 2probe was sent before it',
      },
    ]);
  });

  it('flags an upgrade packet sent before the 3probe came', () => {
    const s = new Session();
    s.in('polling', open());
    const p = s.out('websocket', probe()).lastFrame;
    const up = s.out('websocket', upgrade()).lastFrame;
    s.in('websocket', probeAnswer());
    expect(run(s.records).findings).toEqual([
      expect.objectContaining({
        code: 'UPGRADE_WITHOUT_PROBE',
        frame: up,
        message: `upgrade packet sent, but the 2probe at frame ${p} had no 3probe answer before it`,
      }),
    ]);
  });

  it('flags an upgrade the handshake did not offer', () => {
    const s = new Session();
    s.in('polling', open({ upgrades: [] }));
    const p = s.out('websocket', probe()).lastFrame;
    s.in('websocket', probeAnswer()).out('websocket', upgrade());
    const a = run(s.records, readHandshake({ ...HANDSHAKE, upgrades: [] }));
    expect(a.findings).toEqual([
      {
        code: 'UPGRADE_NOT_OFFERED',
        severity: 'warning',
        frame: p,
        message: 'upgrade to websocket, but the handshake offered none',
      },
    ]);
  });

  it('cannot judge the offer without a handshake', () => {
    const s = new Session();
    s.out('websocket', probe()).in('websocket', probeAnswer()).out('websocket', upgrade());
    expect(run(s.records, null)).toMatchObject({ completed: true, probeMs: 0, findings: [] });
  });

  it.each([
    ['its close packet', (s: Session) => s.out('polling', close())],
    ['the inspector closing', (s: Session) => s.lifecycle('closed', { reason: 'closed by the client' })],
  ])('blames no one when the client cut the upgrade short with %s', (_, end) => {
    const s = new Session();
    s.in('polling', open())
      .lifecycle('ws-open')
      .out('websocket', probe())
      .wait(UPGRADE_PATIENCE_MS - 1);
    end(s);
    const a = analyzeUpgrade(analyzeSequence(s.records), handshake, clientEnd(s.records));
    expect(a).toMatchObject({ completed: false, stoppedAt: '2probe', findings: [] });
  });

  it("keeps it the client's choice when the server releases a poll with a noop after the close", () => {
    const s = new Session();
    s.in('polling', open()).lifecycle('ws-open').out('websocket', probe()).wait(5);
    s.out('polling', close()).wait(3).in('polling', noop());
    const a = analyzeUpgrade(analyzeSequence(s.records), handshake, clientEnd(s.records));
    expect(a.findings).toEqual([]);
  });

  it('still finds a server that let the probe wait longer than the patience before the client closed', () => {
    const s = new Session();
    s.in('polling', open()).lifecycle('ws-open').out('websocket', probe()).wait(UPGRADE_PATIENCE_MS);
    s.out('polling', close());
    const a = analyzeUpgrade(analyzeSequence(s.records), handshake, clientEnd(s.records));
    expect(a.findings.map((f) => f.code)).toEqual(['UPGRADE_INCOMPLETE']);
  });
});
