import { describe, expect, it } from 'vitest';
import { SessionLineSource } from '../../../../electron/session-io/session-lines';
import type { PacketRecord, SessionRecord } from '../../../../shared/record';

const frame = (text: string): string => JSON.stringify({ dir: 'in', transport: 'websocket', text });
const OPEN = '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const HEADER = JSON.stringify({
  format: 'sio-inspector-session',
  version: 1,
  created: '2026-01-02T03:04:05.678Z',
  target: 'http://localhost:3000',
  options: {},
  tool: { name: 'sio-inspector', version: '0.1.0' },
});

function read(lines: string[], tooLong: ReadonlyMap<number, number>): SessionRecord[] {
  const source = new SessionLineSource({ name: 'input', lenient: true });
  const batch = source.read({ lines, firstLine: 1, unterminated: false, tooLong });
  return [...batch.records, ...source.end().records];
}

describe('SessionLineSource and lines longer than the limit', () => {
  it('reads a cut frame line as an input error between the frames around it', () => {
    const records = read(
      [frame(OPEN), frame('42["before"]'), '{"dir":"in","te', frame('42["after"]')],
      new Map([[2, 2e8]]),
    );
    expect(
      records.map((r) => (r as PacketRecord).sio?.event ?? r.error?.code ?? (r as PacketRecord).eio?.type),
    ).toEqual(['open', 'before', 'FRAME_LINE_INVALID', 'after']);
    expect(records[2]).toMatchObject({
      event: 'input-error',
      line: 3,
      raw: '{"dir":"in","te',
      error: {
        message: expect.stringMatching(
          /^not a frame line: line 3: 200000000 characters, longer than the limit of/,
        ),
      },
    });
  });

  it('reads a cut session line as an input error, and the records after it', () => {
    const record = (t: number): string => JSON.stringify({ t, conn: 'c1', event: 'note', message: `n${t}` });
    const records = read([HEADER, record(1), '{"t":2,', record(3)], new Map([[2, 2e8]]));
    expect(records.map((r) => r.error?.code ?? r.t)).toEqual([1, 'SESSION_LINE_INVALID', 3]);
    expect(records[1]).toMatchObject({ event: 'input-error', line: 3, t: 1 });
  });
});
