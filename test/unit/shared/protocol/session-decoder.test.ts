import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FrameInput } from '../../../../shared/protocol/session-decoder';
import { decodeFrames, SessionDecoder, SET_ASIDE_NOTE } from '../../../../shared/protocol/session-decoder';
import type { LifecycleRecord, PacketRecord, SessionRecord } from '../../../../shared/record';
import { isLifecycle } from '../../../../shared/record';
import {
  MAX_DECODED_CONNECTIONS,
  MAX_PENDING_ATTACHMENT_BYTES,
  MAX_UNDECIDED_SESSION_RECORDS,
} from '../../../../shared/limits';

const ws = (dir: 'in' | 'out', text: string, extra: Partial<FrameInput> = {}): FrameInput => ({
  dir,
  transport: 'websocket',
  text,
  ...extra,
});
const wsBin = (dir: 'in' | 'out', bytes: number[], extra: Partial<FrameInput> = {}): FrameInput => ({
  dir,
  transport: 'websocket',
  binary: Uint8Array.from(bytes),
  ...extra,
});
const poll = (dir: 'in' | 'out', text: string): FrameInput => ({ dir, transport: 'polling', text });

function packets(records: readonly SessionRecord[]): PacketRecord[] {
  return records.filter((r): r is PacketRecord => !isLifecycle(r));
}

describe('decodeFrames', () => {
  it('decodes a v4 websocket session into Engine.IO and Socket.IO records', () => {
    const records = packets(
      decodeFrames(
        [
          ws(
            'in',
            '0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
            { t: 1 },
          ),
          ws('out', '40', { t: 2 }),
          ws('in', '40{"sid":"wZX3oN0bSVIhsaknAAAI"}', { t: 3 }),
          ws('in', '42["hey","Jude"]', { t: 4 }),
          ws('out', '42/admin,1["tellme"]', { t: 5 }),
          ws('in', '2', { t: 6 }),
          ws('out', '3', { t: 7 }),
        ],
        { eio: 4 },
      ),
    );
    expect(records.map((r) => r.frame)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(records[0]!.eio).toEqual({
      type: 'open',
      data: {
        sid: 'lv_VI97HAXpY6yYWAAAC',
        upgrades: [],
        pingInterval: 25000,
        pingTimeout: 20000,
        maxPayload: 1000000,
      },
    });
    expect(records[2]!.sio).toEqual({ type: 'CONNECT', nsp: '/', data: { sid: 'wZX3oN0bSVIhsaknAAAI' } });
    expect(records[3]).toMatchObject({
      t: 4,
      conn: 'c1',
      dir: 'in',
      transport: 'websocket',
      size: 16,
      eio: { type: 'message', data: '2["hey","Jude"]' },
      sio: { type: 'EVENT', nsp: '/', event: 'hey', args: ['Jude'] },
    });
    expect(records[4]!.sio).toEqual({ type: 'EVENT', nsp: '/admin', id: 1, event: 'tellme', args: [] });
    expect(records[5]!.eio).toEqual({ type: 'ping' });
    expect(records.every((r) => r.error === undefined)).toBe(true);
  });

  it('reassembles a binary ack from the following binary frame and links the attachment', () => {
    const records = packets(
      decodeFrames(
        [
          ws('in', '461-/admin,1[{"_placeholder":true,"num":0}]', { t: 1 }),
          wsBin('in', [1, 2, 3, 4], { t: 2 }),
        ],
        {
          eio: 4,
        },
      ),
    );
    expect(records).toHaveLength(2);
    expect(records[0]!.sio).toEqual({
      type: 'BINARY_ACK',
      nsp: '/admin',
      id: 1,
      attachments: 1,
      args: [{ $binary: 'AQIDBA==' }],
    });
    expect(records[1]).toMatchObject({
      frame: 1,
      attachmentOf: 0,
      eio: { type: 'message', data: { $binary: 'AQIDBA==' } },
    });
    expect(records[1]!.sio).toBeUndefined();
  });

  it('keeps attachment reassembly apart per direction and per connection', () => {
    const records = packets(
      decodeFrames(
        [
          ws('in', '452-["two",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]', { conn: 'a' }),
          ws('out', '451-["up",{"_placeholder":true,"num":0}]', { conn: 'a' }),
          ws('in', '451-["other",{"_placeholder":true,"num":0}]', { conn: 'b' }),
          wsBin('out', [9], { conn: 'a' }),
          wsBin('in', [7], { conn: 'b' }),
          wsBin('in', [1], { conn: 'a' }),
          wsBin('in', [2], { conn: 'a' }),
        ],
        { eio: 4 },
      ),
    );
    const events = records.filter((r) => r.sio !== undefined);
    const byEvent = Object.fromEntries(events.map((r) => [String(r.sio!.event), r]));
    expect(byEvent.two!.sio!.args).toEqual([{ $binary: 'AQ==' }, { $binary: 'Ag==' }]);
    expect(byEvent.up!.sio!.args).toEqual([{ $binary: 'CQ==' }]);
    expect(byEvent.other!.sio!.args).toEqual([{ $binary: 'Bw==' }]);
    expect(records.every((r) => r.error === undefined)).toBe(true);
  });

  it('reads v3 binary websocket frames with their type byte', () => {
    const records = packets(
      decodeFrames([ws('in', '451-["baz",{"_placeholder":true,"num":0}]'), wsBin('in', [4, 1, 2, 3, 4])], {
        eio: 3,
      }),
    );
    expect(records[0]!.sio).toMatchObject({
      type: 'BINARY_EVENT',
      event: 'baz',
      args: [{ $binary: 'AQIDBA==' }],
    });
  });

  it('splits polling payloads into one record per packet, all from the same frame', () => {
    const records = packets(
      decodeFrames([poll('in', '4hello\x1e2\x1ebAQIDBA=='), poll('out', '3')], { eio: 4, parser: 'none' }),
    );
    expect(records.map((r) => [r.frame, r.eio?.type, r.eio?.data])).toEqual([
      [0, 'message', 'hello'],
      [0, 'ping', undefined],
      [0, 'message', { $binary: 'AQIDBA==' }],
      [1, 'pong', undefined],
    ]);
    expect(records.map((r) => r.size)).toEqual([6, 1, 9, 1]);
  });

  it('reports a binary packet whose attachments never arrive, and keeps what came', () => {
    const records = packets(
      decodeFrames(
        [
          ws('in', '452-["f",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]'),
          wsBin('in', [1]),
          ws('in', '42["next"]'),
        ],
        { eio: 4 },
      ),
    );
    expect(records.map((r) => r.error?.code ?? 'ok')).toEqual(['SIO_ATTACHMENT_MISSING', 'ok', 'ok']);
    expect(records[0]!.sio!.args![0]).toEqual({ $binary: 'AQ==' });
    expect(records[1]!.attachmentOf).toBe(0);
    expect(records[2]!.sio).toMatchObject({ event: 'next' });
  });

  it('holds no attachments for a packet announcing more than the limit, and decodes the frames after it', () => {
    const frames = [ws('in', '451000000000-["f",{"_placeholder":true,"num":0}]')];
    for (let i = 0; i < 1000; i++) frames.push(wsBin('in', [i & 0xff]));
    frames.push(ws('in', '42["next"]'));
    const records = packets(decodeFrames(frames, { eio: 4 }));
    expect(records).toHaveLength(1002);
    expect(records[0]).toMatchObject({
      error: { code: 'SIO_TOO_MANY_ATTACHMENTS' },
      sio: { type: 'BINARY_EVENT', attachments: 1e9 },
    });
    expect(records[1]!.error?.code).toBe('SIO_ATTACHMENT_UNEXPECTED');
    expect(records[1001]!.sio).toMatchObject({ event: 'next' });
  });

  it('reassembles more attachments than the parser default of 10, as socket.io 3 sends them', () => {
    const placeholders = Array.from({ length: 12 }, (_, num) => `{"_placeholder":true,"num":${num}}`);
    const frames = [ws('in', `4512-["many",${placeholders.join(',')}]`)];
    for (let i = 0; i < 12; i++) frames.push(wsBin('in', [i]));
    const records = packets(decodeFrames(frames, { eio: 4 }));
    expect(records[0]?.error).toBeUndefined();
    expect(records[0]?.sio?.args).toEqual(
      Array.from({ length: 12 }, (_, i) => ({ $binary: Buffer.from([i]).toString('base64') })),
    );
    expect(records.slice(1).every((r) => r.attachmentOf === 0 && r.error === undefined)).toBe(true);
  });

  it("holds a packet's attachments up to MAX_PENDING_ATTACHMENT_BYTES, then reports it and goes on", () => {
    const mib = new Uint8Array(1024 * 1024);
    const frames = [ws('in', '45100-["big",{"_placeholder":true,"num":0}]')];
    const over = MAX_PENDING_ATTACHMENT_BYTES / mib.length + 1;
    for (let i = 0; i < over + 2; i++) frames.push({ dir: 'in', transport: 'websocket', binary: mib });
    frames.push(ws('in', '42["next"]'));
    const records = packets(decodeFrames(frames, { eio: 4 }));
    expect(records[0]).toMatchObject({
      error: { code: 'SIO_ATTACHMENTS_TOO_LARGE' },
      sio: { attachments: 100 },
    });
    expect(records.slice(1, over + 1).every((r) => r.attachmentOf === 0)).toBe(true);
    // Nothing is held after it: the next binary frames are unexpected, the text after them decodes.
    expect(records.slice(over + 1, over + 3).map((r) => r.error?.code)).toEqual([
      'SIO_ATTACHMENT_UNEXPECTED',
      'SIO_ATTACHMENT_UNEXPECTED',
    ]);
    expect(records.at(-1)?.sio).toMatchObject({ event: 'next' });
  });

  it('keeps the records before and after a message nested past the depth limit', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const records = packets(
      decodeFrames([ws('in', '42["before"]'), ws('in', `42["x",${deep}]`), ws('in', '42["after"]')], {
        eio: 4,
      }),
    );
    expect(records.map((r) => r.error?.code ?? r.sio?.event)).toEqual(['before', 'JSON_TOO_DEEP', 'after']);
    expect(records[1]!.raw).toBe(`2["x",${deep}]`);
    expect(() => JSON.stringify(records)).not.toThrow();
  });

  it('reports a binary frame nobody was waiting for and goes on', () => {
    const records = packets(decodeFrames([wsBin('in', [1, 2]), ws('in', '42["x"]')], { eio: 4 }));
    expect(records[0]).toMatchObject({
      error: { code: 'SIO_ATTACHMENT_UNEXPECTED' },
      raw: { $binary: 'AQI=' },
    });
    expect(records[1]!.error).toBeUndefined();
  });

  it('flushes a pending binary packet at the end of the input', () => {
    const records = packets(decodeFrames([ws('out', '451-["f",{"_placeholder":true,"num":0}]')], { eio: 4 }));
    expect(records).toHaveLength(1);
    expect(records[0]!.error!.code).toBe('SIO_ATTACHMENT_MISSING');
  });

  it('turns malformed frames into error records with the raw input and keeps decoding', () => {
    const records = packets(
      decodeFrames([ws('in', 'abc'), ws('in', '42{}'), ws('in', '0not json'), ws('in', '42["ok"]')], {
        eio: 4,
      }),
    );
    expect(records.map((r) => r.error?.code)).toEqual([
      'EIO_UNKNOWN_TYPE',
      'SIO_INVALID_PAYLOAD',
      'EIO_INVALID_HANDSHAKE',
      undefined,
    ]);
    expect(records[0]!.raw).toBe('abc');
    expect(records[1]!.raw).toBe('2{}');
  });

  it('keeps messages opaque with parser none', () => {
    const [record] = packets(decodeFrames([ws('in', '4{"custom":true}')], { eio: 4, parser: 'none' }));
    expect(record).toMatchObject({ eio: { type: 'message', data: '{"custom":true}' } });
    expect(record!.sio).toBeUndefined();
    expect(record!.error).toBeUndefined();
  });

  it('detects v3 from a length-prefixed polling body without being told', () => {
    const records = packets(
      decodeFrames([
        poll(
          'in',
          '96:0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}2:40',
        ),
        poll('out', '1:2'),
        poll('in', '1:3'),
      ]),
    );
    expect(records.map((r) => r.eio?.type)).toEqual(['open', 'message', 'ping', 'pong']);
    expect(records[1]!.sio).toEqual({ type: 'CONNECT', nsp: '/' });
  });

  it("takes a connection's version from its frames when the producer knows it", () => {
    // A binary frame reads differently in v3 (type byte first) and v4; nothing else here tells them apart.
    const frames: FrameInput[] = [
      { dir: 'in', transport: 'websocket', binary: Uint8Array.from([4, 1, 2]), conn: 'a', eio: 3 },
      { dir: 'in', transport: 'websocket', binary: Uint8Array.from([4, 1, 2]), conn: 'b', eio: 4 },
    ];
    const records = packets(decodeFrames(frames, { parser: 'none' }));
    expect(records.map((r) => [r.conn, r.eio?.data])).toEqual([
      ['a', { $binary: 'AQI=' }],
      ['b', { $binary: 'BAEC' }],
    ]);
  });

  it('stamps every packet record, errors and attachments too, with the version it was read with', () => {
    const frames: FrameInput[] = [
      // told by the producer
      { ...ws('in', '451-["f",{"_placeholder":true,"num":0}]'), conn: 'told', eio: 4 },
      { ...wsBin('in', [1, 2]), conn: 'told' },
      { ...ws('in', 'x'), conn: 'told' },
      // detected: only v3 frames polling bodies with a length prefix
      { ...poll('in', '6:4hello'), conn: 'seen' },
      // no evidence at all until the input ends
      { ...ws('in', '4hello'), conn: 'none' },
    ];
    const records = packets(decodeFrames(frames, { parser: 'none' }));
    expect(records.map((r) => [r.conn, r.eioVersion])).toEqual([
      ['told', 4],
      ['told', 4],
      ['told', 4],
      ['seen', 3],
      ['none', 4],
    ]);
    expect(records[2]!.error).toBeDefined();
    const explicit = packets(decodeFrames([poll('in', '6:4hello')], { eio: 4, parser: 'none' }));
    expect(explicit.map((r) => r.eioVersion)).toEqual([4]);
  });

  it('uses the previous time for frames without t', () => {
    const records = packets(decodeFrames([ws('in', '2', { t: 5 }), ws('in', '2')], { eio: 4 }));
    expect(records.map((r) => r.t)).toEqual([5, 5]);
  });

  // Thousands of generated inputs: on a busy two-core machine this takes longer than the default.
  it('never throws and accounts for every frame, whatever the frames', { timeout: 90_000 }, () => {
    const frame = fc.record({
      dir: fc.constantFrom('in' as const, 'out' as const),
      transport: fc.constantFrom('polling' as const, 'websocket' as const),
      conn: fc.constantFrom('a', 'b'),
      body: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 40 })),
    });
    fc.assert(
      fc.property(
        fc.array(frame, { maxLength: 30 }),
        fc.constantFrom(undefined, 3 as const, 4 as const),
        (frames, eio) => {
          const inputs: FrameInput[] = frames.map(({ body, ...rest }) =>
            typeof body === 'string' ? { ...rest, text: body } : { ...rest, binary: body },
          );
          const records = packets(decodeFrames(inputs, eio === undefined ? {} : { eio }));
          const seen = new Set(records.map((r) => r.frame));
          // Every frame gives a record, except the v3 polling body that holds no packets at all ("0:").
          const emptyV3 = (f: FrameInput): boolean => f.transport === 'polling' && f.text === '0:';
          for (let i = 0; i < inputs.length; i++)
            expect(seen.has(i) || emptyV3(inputs[i] as FrameInput)).toBe(true);
          for (const r of records) expect(r.eio !== undefined || r.error !== undefined).toBe(true);
          // One version per connection, the option's when there is one.
          for (const conn of ['a', 'b']) {
            const versions = new Set(records.filter((r) => r.conn === conn).map((r) => r.eioVersion));
            expect(versions.size).toBeLessThanOrEqual(1);
            if (eio !== undefined && versions.size === 1) expect(versions.has(eio)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('SessionDecoder with lifecycle records and no frames', () => {
  it('hands input errors out as they come while no frame is waiting for the version', () => {
    const decoder = new SessionDecoder();
    const out: SessionRecord[] = [];
    const error = (line: number): LifecycleRecord => ({ t: 0, conn: 'c1', event: 'input-error', line });
    decoder.pushLifecycle(error(1), out);
    decoder.pushLifecycle(error(2), out);
    expect(out).toHaveLength(2);
  });

  it('settles the version instead of holding more than a thousand records behind one frame', () => {
    const decoder = new SessionDecoder();
    const out: SessionRecord[] = [];
    decoder.push(ws('in', '42["x"]'), out);
    for (let line = 1; line <= 1001; line++)
      decoder.pushLifecycle({ t: 0, conn: 'c1', event: 'input-error', line }, out);
    expect(out).toHaveLength(1002);
    expect((out[0] as PacketRecord).sio).toMatchObject({ event: 'x' });
  });
});

describe('SessionDecoder with many connections that never show their version', () => {
  it('holds at most MAX_UNDECIDED_SESSION_RECORDS across them, settling the one held longest', () => {
    const decoder = new SessionDecoder();
    const out: SessionRecord[] = [];
    const connections = MAX_UNDECIDED_SESSION_RECORDS + 500;
    let most = 0;
    for (let c = 0; c < connections; c++) {
      decoder.push(ws('in', `42["tick",${c}]`, { conn: `h${c}`, t: c }), out);
      most = Math.max(most, decoder.holding);
      if (c === MAX_UNDECIDED_SESSION_RECORDS - 1) expect(out).toHaveLength(0);
    }
    expect(most).toBe(MAX_UNDECIDED_SESSION_RECORDS);
    // The first 500 went out in the order they came, settled on Engine.IO 4 as with no evidence at all.
    expect(packets(out).map((r) => r.conn)).toEqual(Array.from({ length: 500 }, (_, c) => `h${c}`));
    expect(packets(out)[0]).toMatchObject({ eioVersion: 4, sio: { event: 'tick', args: [0] } });

    // A connection still waiting decides on its own evidence: a v3 polling body settles it as 3.
    const late = `h${connections - 1}`;
    decoder.push({ dir: 'in', transport: 'polling', text: '9:42["x",1]', conn: late }, out);
    decoder.end(out);
    expect(decoder.holding).toBe(0);
    const all = packets(out);
    expect(all).toHaveLength(connections + 1);
    expect(new Set(all.map((r) => r.frame)).size).toBe(connections + 1);
    expect(all.filter((r) => r.conn === late).map((r) => r.eioVersion)).toEqual([3, 3]);
  });

  it('counts lifecycle records held behind a frame toward the session limit', () => {
    const decoder = new SessionDecoder();
    const out: SessionRecord[] = [];
    const perConnection = 100;
    const connections = MAX_UNDECIDED_SESSION_RECORDS / perConnection + 1;
    for (let c = 0; c < connections; c++) {
      decoder.push(ws('in', '42["x"]', { conn: `h${c}` }), out);
      for (let line = 1; line < perConnection; line++)
        decoder.pushLifecycle({ t: 0, conn: `h${c}`, event: 'input-error', line }, out);
      expect(decoder.holding).toBeLessThanOrEqual(MAX_UNDECIDED_SESSION_RECORDS);
    }
    // The last connection's first record passed the limit: the first connection went out whole, in order.
    expect(out).toHaveLength(perConnection);
    expect(out.every((r) => r.conn === 'h0')).toBe(true);
    expect((out[0] as PacketRecord).sio).toMatchObject({ event: 'x' });
  });
});

describe('SessionDecoder with more connections than it keeps', () => {
  const OPEN = '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}';
  const notes = (records: readonly SessionRecord[]): LifecycleRecord[] =>
    records.filter((r): r is LifecycleRecord => isLifecycle(r) && r.event === 'note');

  it('keeps MAX_DECODED_CONNECTIONS at most, and every frame still comes out decoded', () => {
    const decoder = new SessionDecoder();
    const out: SessionRecord[] = [];
    const connections = 5 * MAX_DECODED_CONNECTIONS;
    let most = 0;
    for (let c = 0; c < connections; c++) {
      decoder.push(ws('in', OPEN, { conn: `u${c}`, t: c }), out);
      decoder.push(ws('in', `42["ev${c}",1]`, { conn: `u${c}`, t: c }), out);
      most = Math.max(most, decoder.connectionsKept);
    }
    decoder.end(out);
    expect(most).toBe(MAX_DECODED_CONNECTIONS);
    expect(decoder.connectionsSetAside).toBe(connections - MAX_DECODED_CONNECTIONS);
    const all = packets(out);
    expect(all).toHaveLength(2 * connections);
    expect(new Set(all.map((r) => r.frame)).size).toBe(2 * connections);
    expect(all.filter((r) => r.sio?.type === 'EVENT')).toHaveLength(connections);
    expect(all.every((r) => r.error === undefined)).toBe(true);
    // Said once, naming the first connection set aside.
    const said = notes(out);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ conn: 'u0' });
    expect(said[0]?.message?.startsWith(SET_ASIDE_NOTE)).toBe(true);
  });

  it('keeps a connection that stays active, with its version, while new ones come and go', () => {
    const decoder = new SessionDecoder();
    const out: SessionRecord[] = [];
    // Engine.IO 3 shows in its polling body's length prefix.
    decoder.push({ dir: 'in', transport: 'polling', text: `${OPEN.length}:${OPEN}`, conn: 'busy' }, out);
    for (let c = 0; c < 3 * MAX_DECODED_CONNECTIONS; c++) {
      decoder.push(ws('in', OPEN, { conn: `u${c}` }), out);
      if (c % 100 === 0) decoder.push(ws('in', `42["tick",${c}]`, { conn: 'busy' }), out);
    }
    decoder.end(out);
    const busy = packets(out).filter((r) => r.conn === 'busy');
    expect(busy).toHaveLength(1 + (3 * MAX_DECODED_CONNECTIONS) / 100);
    expect(busy.every((r) => r.eioVersion === 3 && r.error === undefined)).toBe(true);
    expect(notes(out).map((r) => r.conn)).not.toContain('busy');
  });

  it('hands out what a connection set aside held, and decodes its later frames afresh', () => {
    const decoder = new SessionDecoder();
    const out: SessionRecord[] = [];
    decoder.push(ws('in', OPEN, { conn: 'old', eio: 3 }), out);
    // A binary event whose attachment comes only after the connection was set aside.
    decoder.push(ws('in', '451-["up",{"_placeholder":true,"num":0}]', { conn: 'old' }), out);
    // Used since it took its place, it gets a second chance at the back of the line first.
    for (let c = 0; c < 2 * MAX_DECODED_CONNECTIONS; c++)
      decoder.push(ws('in', OPEN, { conn: `u${c}` }), out);
    const cut = packets(out).find((r) => r.conn === 'old' && r.sio?.type === 'BINARY_EVENT');
    expect(cut?.error?.code).toBe('SIO_ATTACHMENT_MISSING');
    expect(cut?.error?.message).toContain('set aside');
    expect(cut?.sio).toMatchObject({ event: 'up', attachments: 1 });

    decoder.push(wsBin('in', [1, 2, 3], { conn: 'old' }), out);
    decoder.push(ws('in', '42["late",1]', { conn: 'old' }), out);
    decoder.end(out);
    const later = packets(out)
      .filter((r) => r.conn === 'old')
      .slice(2);
    expect(later.map((r) => r.error?.code)).toEqual(['SIO_ATTACHMENT_UNEXPECTED', undefined]);
    expect(later[1]?.sio).toMatchObject({ type: 'EVENT', event: 'late', args: [1] });
    // Its version was given with its first frame, not again: the fresh decoder detected one (4 without evidence).
    expect(later.map((r) => r.eioVersion)).toEqual([4, 4]);
  });
});
