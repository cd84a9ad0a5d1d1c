// Whatever records arrive (a hand-edited session file, a decoder bug, a hostile HAR), the analyses
// answer and never throw, and what they answer is plain JSON that points only at frames that exist.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINDING_KINDS } from '../../../../shared/analysis/findings';
import { analyzeSession, summarizeSession } from '../../../../shared/analysis/summary';
import { compareConnections } from '../../../../shared/connection-order';
import {
  EIO_PACKET_TYPES,
  LIFECYCLE_EVENTS,
  SIO_PACKET_TYPES,
  type Json,
  type LifecycleRecord,
  type PacketRecord,
  type SessionRecord,
} from '../../../../shared/record';

const json = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
/** Small pools, so ids, namespaces and frames collide and pairs actually form. */
const conn = fc.constantFrom('c1', 'c2');
const frame = fc.integer({ min: 0, max: 30 });
const nsp = fc.constantFrom('/', '/admin', '/admin?token=1', '');
const handshake = fc.record(
  {
    sid: fc.oneof(fc.string(), json),
    upgrades: fc.oneof(fc.constant(['websocket']), json),
    pingInterval: fc.oneof(fc.integer({ min: 0, max: 100 }), json),
    pingTimeout: fc.oneof(fc.integer({ min: 0, max: 100 }), json),
    maxPayload: fc.oneof(fc.integer({ min: 0, max: 50 }), json),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Json>;

const eio = fc.record(
  {
    type: fc.constantFrom(...EIO_PACKET_TYPES),
    data: fc.oneof(fc.constant('probe'), handshake, json),
  },
  { requiredKeys: ['type'] },
);

const sio = fc.record(
  {
    type: fc.constantFrom(...SIO_PACKET_TYPES),
    nsp,
    id: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer()),
    event: fc.oneof(fc.string(), fc.integer()),
    args: fc.array(json, { maxLength: 3 }),
    data: json,
    attachments: fc.nat(3),
  },
  { requiredKeys: ['type', 'nsp'] },
);

function packet(t: fc.Arbitrary<number>): fc.Arbitrary<PacketRecord> {
  return fc.record(
    {
      t,
      conn,
      frame,
      dir: fc.constantFrom('in' as const, 'out' as const),
      transport: fc.constantFrom('polling' as const, 'websocket' as const),
      size: fc.integer({ min: 0, max: 40 }),
      eio,
      sio,
      attachmentOf: frame,
      error: fc.record({ code: fc.constant('EIO_BAD_PAYLOAD' as const), message: fc.string() }),
    },
    { requiredKeys: ['t', 'conn', 'frame', 'dir', 'transport', 'size'] },
  );
}

function lifecycle(t: fc.Arbitrary<number>): fc.Arbitrary<LifecycleRecord> {
  return fc.record(
    {
      t,
      conn,
      event: fc.constantFrom(...LIFECYCLE_EVENTS),
      frame,
      transport: fc.constantFrom('polling' as const, 'websocket' as const),
      url: fc.oneof(fc.string(), fc.constantFrom('/socket.io/?EIO=3', '/socket.io/?EIO=4&transport=polling')),
      status: fc.integer({ min: 100, max: 599 }),
      code: fc.integer({ min: 1000, max: 4999 }),
      reason: fc.string(),
      message: fc.string(),
      line: fc.nat(),
      error: fc.record({ code: fc.constant('FRAME_LINE_INVALID' as const), message: fc.string() }),
    },
    { requiredKeys: ['t', 'conn', 'event'] },
  );
}

function records(t: fc.Arbitrary<number>): fc.Arbitrary<SessionRecord[]> {
  return fc.array(fc.oneof({ weight: 4, arbitrary: packet(t) }, { weight: 1, arbitrary: lifecycle(t) }), {
    maxLength: 60,
  });
}

/** Times as a real recording has them: whole-ish milliseconds, in order. */
const ordered = records(fc.integer({ min: 0, max: 200 })).map((rs) => [...rs].sort((a, b) => a.t - b.t));
/** Anything a double can be, in any order. */
const chaotic = records(fc.double());

describe('analyses over arbitrary records', () => {
  it('never throw, whatever the records and the version', () => {
    fc.assert(
      fc.property(chaotic, fc.constantFrom(undefined, 3 as const, 4 as const), (rs, version) => {
        const options = version === undefined ? {} : { eio: version };
        analyzeSession(rs, options);
        summarizeSession(rs, options);
      }),
      { numRuns: 400 },
    );
  });

  it('answer plain JSON pointing only at frames that exist, with counts that add up', () => {
    fc.assert(
      fc.property(ordered, (rs) => {
        const { connections } = summarizeSession(rs);
        expect(connections.map((c) => c.conn)).toEqual(
          [...new Set(rs.map((r) => r.conn))].sort(compareConnections),
        );
        for (const c of connections) {
          expectPlainJson(c);
          const frames = new Set(rs.filter((r) => r.conn === c.conn).map((r) => r.frame));
          let previous = -1;
          for (const f of c.findings) {
            expect(f.severity).toBe(FINDING_KINDS[f.code].severity);
            if (f.frame === null) {
              previous = Number.POSITIVE_INFINITY;
              continue;
            }
            expect(frames.has(f.frame)).toBe(true);
            expect(f.frame).toBeGreaterThanOrEqual(previous);
            previous = f.frame;
          }
          expect(c.acks.answered).toBeLessThanOrEqual(c.acks.sent);
          expect(c.acks.fromServer.answered).toBeLessThanOrEqual(c.acks.fromServer.requested);
          expect(c.heartbeat.missed).toBeLessThanOrEqual(c.heartbeat.pings);
          expect(c.heartbeat.late).toBeLessThanOrEqual(c.heartbeat.pings);
          if (c.upgrade.completed || c.upgrade.stoppedAt !== null) expect(c.upgrade.attempted).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('give the same answer for the same records (no hidden state between calls)', () => {
    fc.assert(
      fc.property(ordered, (rs) => {
        expect(summarizeSession(rs)).toEqual(summarizeSession(rs));
      }),
      { numRuns: 100 },
    );
  });
});

/** No undefined, no NaN or Infinity, no functions: what JSON.stringify writes is what the object holds. */
function expectPlainJson(value: unknown, path = '$'): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => expectPlainJson(v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) expectPlainJson(v, `${path}.${k}`);
    return;
  }
  throw new Error(`${path} is ${typeof value}`);
}
