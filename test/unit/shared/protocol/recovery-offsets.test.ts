// The offsets a recovering server appends, marked by the decoder from what the CONNECTs say: the server's
// answer with a pid, or a client's offer to recover (the replayed events come before the answer).
import { describe, expect, it } from 'vitest';
import { decodeFrames, type FrameInput } from '../../../../shared/protocol/session-decoder';
import { isLifecycle, type SioField } from '../../../../shared/record';

const ws = (dir: 'in' | 'out', text: string): FrameInput => ({ dir, transport: 'websocket', text, eio: 4 });
const OPEN = ws('in', '0{"sid":"e","upgrades":[],"pingInterval":25000,"pingTimeout":20000}');

function sioOf(frames: readonly FrameInput[]): SioField[] {
  return decodeFrames([OPEN, ...frames]).flatMap((r) => (isLifecycle(r) || !r.sio ? [] : [r.sio]));
}

describe('recovery offsets', () => {
  it("names the last argument of a recovering server's events, not of acks asked or of the client", () => {
    const sio = sioOf([
      ws('out', '40'),
      ws('in', '40{"sid":"s","pid":"P"}'),
      ws('in', '42["welcome","s","O1"]'),
      ws('in', '421["ask","not-an-offset"]'),
      ws('out', '42["chat","mine"]'),
      ws('in', '42["count",1]'),
    ]);
    expect(sio.map((s) => s.offset)).toEqual([undefined, undefined, 'O1', undefined, undefined, undefined]);
    // The argument stays where it came: the record is what the wire said.
    expect(sio[2]?.args).toEqual(['s', 'O1']);
  });

  it('names the replayed events before the answer of a CONNECT that offers to recover', () => {
    const sio = sioOf([
      ws('out', '40/chat,{"pid":"P","offset":"O1","token":"t"}'),
      ws('in', '42/chat,["missed",1,"O2"]'),
      ws('in', '40/chat,{"sid":"s","pid":"P"}'),
      ws('in', '42/chat,["after","O3"]'),
    ]);
    expect(sio.map((s) => s.offset)).toEqual([undefined, 'O2', undefined, 'O3']);
  });

  it('names nothing where the server gives no pid, on its namespace only', () => {
    const sio = sioOf([
      ws('out', '40'),
      ws('in', '40{"sid":"s"}'),
      ws('in', '42["welcome","s"]'),
      ws('out', '40/a,'),
      ws('in', '40/a,{"sid":"a","pid":"P"}'),
      ws('in', '42["other","x"]'),
      ws('in', '42/a,["mine","O"]'),
    ]);
    expect(sio.map((s) => s.offset)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'O',
    ]);
  });
});
