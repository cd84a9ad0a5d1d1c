import { describe, expect, it } from 'vitest';
import { checkWire } from '../../../../shared/analysis/wire-checks';
import type { SessionRecord } from '../../../../shared/record';
import {
  attachment,
  binaryEvent,
  broken,
  close,
  event,
  message,
  noop,
  open,
  ping,
  pong,
  Session,
  sized,
  upgrade,
  v4PollingUpgradeSession,
  v4WebsocketSession,
} from './records';

const check = (records: readonly SessionRecord[], maxPayload: number | null = 100) =>
  checkWire(records, { maxPayload });

describe('checkWire', () => {
  it('finds nothing wrong with the scenarios', () => {
    expect(check(v4WebsocketSession().records, 1000000)).toEqual([]);
    expect(check(v4PollingUpgradeSession().records, 1000000)).toEqual([]);
  });

  it('reports every undecodable packet and input line', () => {
    const s = new Session();
    const a = s.in(
      'polling',
      message('ok'),
      broken('EIO_UNKNOWN_TYPE', 'unknown Engine.IO packet type: 9'),
    ).lastFrame;
    const b = s.out('websocket', {
      ...event('x'),
      error: { code: 'SIO_RESERVED_EVENT', message: 'reserved event name: connect' },
    }).lastFrame;
    s.lifecycle('input-error', {
      line: 7,
      error: { code: 'FRAME_LINE_INVALID', message: 'not a frame line' },
    });
    expect(check(s.records)).toEqual([
      {
        code: 'DECODE_ERROR',
        severity: 'error',
        frame: a,
        message: 'unknown Engine.IO packet type: 9 [EIO_UNKNOWN_TYPE]',
      },
      {
        code: 'DECODE_ERROR',
        severity: 'error',
        frame: b,
        message: 'reserved event name: connect [SIO_RESERVED_EVENT]',
      },
      {
        code: 'DECODE_ERROR',
        severity: 'error',
        frame: null,
        message: 'not a frame line (input line 7) [FRAME_LINE_INVALID]',
      },
    ]);
  });

  it.each([
    { dir: 'out', packet: open(), message: 'client sent open; only the server sends it' },
    { dir: 'out', packet: noop(), message: 'client sent noop; only the server sends it' },
    { dir: 'in', packet: upgrade(), message: 'server sent upgrade; only the client sends it' },
  ] as const)('flags $message', ({ dir, packet, message }) => {
    const s = new Session();
    const frame = (dir === 'in' ? s.in('websocket', packet) : s.out('websocket', packet)).lastFrame;
    expect(check(s.records, null)).toEqual([
      { code: 'PACKET_DIRECTION', severity: 'warning', frame, message },
    ]);
  });

  it('flags packets after a close packet once, at the first, counting the rest', () => {
    const s = new Session();
    const closeFrame = s.out('polling', close()).lastFrame;
    s.in('polling', noop()); // the pending GET ends with a noop (docs/protocol.md §1.6)
    const serverClose = s.in('polling', close()).lastFrame; // the peer closing too
    const first = s.in('polling', message('lost')).lastFrame;
    s.out('polling', ping());
    expect(closeFrame).toBeLessThan(serverClose);
    expect(check(s.records)).toEqual([
      {
        code: 'PACKET_AFTER_CLOSE',
        severity: 'warning',
        frame: first,
        message: `2 packets after the server's close packet at frame ${serverClose} (first: message at frame ${first})`,
      },
    ]);
  });

  it('does not hold the other side to a close it had not read yet', () => {
    // A server ping (or event) crossing the client's close on the wire, then the server's own close.
    const s = new Session();
    s.out('websocket', close());
    s.in('websocket', ping());
    s.in('websocket', message('in flight'));
    s.in('websocket', close());
    expect(check(s.records)).toEqual([]);
    const after = s.out('websocket', message('late')).lastFrame;
    expect(check(s.records)).toEqual([expect.objectContaining({ code: 'PACKET_AFTER_CLOSE', frame: after })]);
  });

  it('does not let the closing side answer its own close', () => {
    const s = new Session();
    s.in('websocket', close());
    const again = s.in('websocket', noop()).lastFrame;
    expect(check(s.records)).toEqual([expect.objectContaining({ code: 'PACKET_AFTER_CLOSE', frame: again })]);
  });

  it('flags any packet after a closed record, lifecycle records aside', () => {
    const s = new Session();
    s.at(5).lifecycle('closed', { reason: 'forced close' }).lifecycle('ws-close', { code: 1000 });
    const after = s.in('websocket', noop()).lastFrame;
    expect(check(s.records)).toEqual([
      {
        code: 'PACKET_AFTER_CLOSE',
        severity: 'warning',
        frame: after,
        message: `1 packet after the connection closed at t=5 (first: noop at frame ${after})`,
      },
    ]);
  });

  it('names undecodable packets after the close as such', () => {
    const s = new Session();
    s.lifecycle('closed');
    const after = s.in('websocket', broken('EIO_EMPTY_PACKET')).lastFrame;
    expect(check(s.records).find((f) => f.code === 'PACKET_AFTER_CLOSE')?.message).toContain(
      `first: undecodable packet at frame ${after}`,
    );
  });

  it('flags a client polling frame whose packets add up to more than maxPayload', () => {
    const s = new Session();
    s.out('polling', sized(message('a'), 50), sized(message('b'), 50)); // exactly 100: fine
    const over = s.out(
      'polling',
      sized(message('a'), 50),
      sized(message('b'), 30),
      sized(message('c'), 21),
    ).lastFrame;
    expect(check(s.records)).toEqual([
      {
        code: 'PAYLOAD_TOO_LARGE',
        severity: 'error',
        frame: over,
        message: `client frame of 101 bytes (3 packets) exceeds maxPayload 100 bytes`,
      },
    ]);
  });

  it('flags a single websocket packet over maxPayload, counts attachments by their own frames', () => {
    const s = new Session();
    const big = s.out('websocket', sized(message('x'), 101)).lastFrame;
    const bin = s.out('websocket', sized(binaryEvent('up', 1), 90)).lastFrame;
    s.out('websocket', sized(attachment(bin), 90));
    expect(check(s.records)).toEqual([
      {
        code: 'PAYLOAD_TOO_LARGE',
        severity: 'error',
        frame: big,
        message: 'client frame of 101 bytes exceeds maxPayload 100 bytes',
      },
    ]);
  });

  it('sums a client frame whose records are split by server records (a held binary packet)', () => {
    const s = new Session();
    const frame = s.out('polling', sized(message('a'), 60)).lastFrame;
    s.in('polling', pong());
    s.records.push({ ...(s.records[0] as SessionRecord), t: 1 }); // the rest of the same client frame
    expect(check(s.records).map((f) => [f.code, f.frame])).toEqual([['PAYLOAD_TOO_LARGE', frame]]);
  });

  it('holds only client frames to maxPayload, and nothing to an unknown one', () => {
    const s = new Session();
    s.in('polling', sized(message('server batch'), 5000));
    expect(check(s.records)).toEqual([]);
    const t = new Session();
    t.out('polling', sized(message('huge'), 5000));
    expect(check(t.records, null)).toEqual([]);
  });

  it('reports transport errors', () => {
    const s = new Session();
    s.lifecycle('transport-error', { message: 'ECONNRESET' }).lifecycle('transport-error', { frame: 4 });
    expect(check(s.records)).toEqual([
      { code: 'TRANSPORT_ERROR', severity: 'warning', frame: null, message: 'transport error: ECONNRESET' },
      { code: 'TRANSPORT_ERROR', severity: 'warning', frame: 4, message: 'transport error: no message' },
    ]);
  });

  it('has nothing to say about no records', () => {
    expect(check([])).toEqual([]);
  });
});
