import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../../shared/analysis/summary';
import { decodeFrames, type FrameInput } from '../../../../shared/protocol/session-decoder';
import type { SessionRecord } from '../../../../shared/record';
import { parseFrameLine } from '../../../../shared/session/frame-lines';
import { analysisRecords } from '../../../../electron/store/analysis-records';
import type { InternCaps } from '../../../../electron/store/record-columns';
import { RecordStore } from '../../../../electron/store/record-store';
import { RECORDED_SESSIONS, recordedSession } from '../../../support/session-fixtures';

function frames(lines: readonly object[]): FrameInput[] {
  return lines.map((l) => {
    const parsed = parseFrameLine(JSON.stringify(l));
    if (!('frame' in parsed)) throw new Error(parsed.error.message);
    return parsed.frame;
  });
}

/**
 * The records as the analysis worker rebuilds them from a store's columns, in blocks of 8 records;
 * `intern`: the store's caps on interned strings.
 */
function stored(records: readonly SessionRecord[], intern?: InternCaps): SessionRecord[] {
  const store = new RecordStore({ perBlock: 8, ...(intern !== undefined && { intern }) });
  store.append(records);
  return [...analysisRecords(store.analysisInput())];
}

/** Two connections, both versions: acks both ways (one duplicated, one unknown), numeric events, binary, errors. */
const MIXED = frames([
  {
    t: 0,
    conn: 'a',
    dir: 'in',
    transport: 'websocket',
    text: '0{"sid":"x","upgrades":[],"pingInterval":100,"pingTimeout":50}',
  },
  { t: 1, conn: 'a', dir: 'out', transport: 'websocket', text: '40' },
  { t: 2, conn: 'a', dir: 'in', transport: 'websocket', text: '40{"sid":"s"}' },
  { t: 3, conn: 'a', dir: 'out', transport: 'websocket', text: '42/,1["chat","hi"]' },
  { t: 4, conn: 'a', dir: 'out', transport: 'websocket', text: '427[7,"numeric event"]' },
  { t: 5, conn: 'a', dir: 'in', transport: 'websocket', text: '431["hi"]' },
  { t: 6, conn: 'a', dir: 'in', transport: 'websocket', text: '431["again"]' },
  { t: 7, conn: 'a', dir: 'in', transport: 'websocket', text: '4399[]' },
  { t: 8, conn: 'a', dir: 'in', transport: 'websocket', text: '425["ask",1]' },
  { t: 9, conn: 'a', dir: 'out', transport: 'websocket', text: '435[2]' },
  { t: 10, conn: 'a', dir: 'in', transport: 'websocket', text: '2' },
  { t: 11, conn: 'a', dir: 'out', transport: 'websocket', text: '3' },
  {
    t: 12,
    conn: 'a',
    dir: 'out',
    transport: 'websocket',
    text: '451-3["file",{"_placeholder":true,"num":0}]',
  },
  { t: 12, conn: 'a', dir: 'out', transport: 'websocket', binary: 'AQID' },
  { t: 13, conn: 'a', dir: 'in', transport: 'websocket', text: '463-[{"_placeholder":true,"num":0}]' },
  { t: 13, conn: 'a', dir: 'in', transport: 'websocket', binary: 'BAUG' },
  { t: 14, conn: 'a', dir: 'in', transport: 'websocket', text: '42["connect"]' },
  { t: 15, conn: 'a', dir: 'in', transport: 'websocket', text: '42{"not":"an array"}' },
  { t: 16, conn: 'a', dir: 'out', transport: 'websocket', text: '42/admin,["too early"]' },
  { t: 400, conn: 'a', dir: 'in', transport: 'websocket', text: '42["late"]' },
  {
    t: 0,
    conn: 'b',
    dir: 'in',
    transport: 'polling',
    text: '96:0{"sid":"y","upgrades":["websocket"],"pingInterval":100,"pingTimeout":50}2:40',
  },
  { t: 1, conn: 'b', dir: 'out', transport: 'polling', text: '13:42["ev",{"a":1}]' },
  { t: 2, conn: 'b', dir: 'out', transport: 'polling', text: '1:2' },
  { t: 3, conn: 'b', dir: 'in', transport: 'polling', text: '1:3' },
  { t: 4, conn: 'b', dir: 'out', transport: 'polling', text: '12:421["acked"]' },
  { t: 5, conn: 'b', dir: 'in', transport: 'polling', text: '6:431[1]' },
]);

describe('analysis records', () => {
  it.each(RECORDED_SESSIONS)('give the analyses exactly what the full records give: %s', (name) => {
    const records = recordedSession(name);
    expect(analyzeSession(stored(records))).toEqual(analyzeSession(records));
  });

  it('give the analyses exactly what the full records give: mixed versions, acks, binary and errors', () => {
    const records = decodeFrames(MIXED);
    const analysis = analyzeSession(records);
    // The corpus is meant to exercise the ack and error paths; make sure it does.
    expect(analysis.map((a) => a.acks.pairs.length)).toEqual([4, 1]);
    expect(analysis[0]?.summary.findings.length).toBeGreaterThan(2);
    expect(analyzeSession(stored(records))).toEqual(analysis);
  });

  it('give the analyses the same past the intern caps, reading those records whole', () => {
    const records = decodeFrames(MIXED);
    expect(analyzeSession(stored(records, { connections: 1, names: 2 }))).toEqual(analyzeSession(records));
    const recorded = recordedSession(RECORDED_SESSIONS[0]);
    expect(analyzeSession(stored(recorded, { connections: 0, names: 0 }))).toEqual(analyzeSession(recorded));
  });

  it('keep numeric event names numeric', () => {
    const records = decodeFrames(MIXED);
    const light = stored(records);
    const numeric = light.find((r) => 'sio' in r && r.sio?.event === 7);
    expect(numeric).toBeDefined();
  });
});
