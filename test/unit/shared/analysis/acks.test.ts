import { describe, expect, it } from 'vitest';
import { ACK_PAIRS_KEPT, analyzeAcks, ARGS_PREVIEW_CHARS } from '../../../../shared/analysis/acks';
import { FINDING_EXAMPLES } from '../../../../shared/analysis/findings';
import { ack, attachment, binaryAck, binaryEvent, event, Session, v4WebsocketSession } from './records';

describe('analyzeAcks', () => {
  it('pairs a client emit with the server ACK', () => {
    const { records, frames } = v4WebsocketSession();
    const a = analyzeAcks(records);
    expect(a.pairs).toEqual([
      {
        requestedBy: 'client',
        nsp: '/',
        id: 1,
        event: 'chat',
        t: 10,
        frame: frames.emit,
        ackT: 14,
        ackFrame: frames.ackIn,
        latencyMs: 4,
        duplicateFrames: [],
        args: '["hi"]',
        answer: '["ok"]',
      },
    ]);
    expect(a.summary).toEqual({
      sent: 1,
      answered: 1,
      latencyMs: { median: 4, max: 4 },
      fromServer: { requested: 0, answered: 0, latencyMs: { median: null, max: null } },
      unanswered: 0,
      duplicates: 0,
      unknown: 0,
    });
    expect(a.findings).toEqual([]);
  });

  it('previews arguments in a line, binary by its size, long ones cut', () => {
    const s = new Session();
    s.at(0).out('websocket', event('big', ['x'.repeat(500), { $binary: 'AAAA' }], { id: 2 }));
    const [pair] = analyzeAcks(s.records).pairs;
    expect(pair?.args).toHaveLength(ARGS_PREVIEW_CHARS);
    expect(pair?.args.endsWith('…')).toBe(true);
    expect(pair?.answer).toBeNull();
    const t = new Session();
    t.at(0).out('websocket', event('bin', [{ $binary: 'AAAA' }], { id: 3 }));
    expect(analyzeAcks(t.records).pairs[0]?.args).toBe('["<binary 3 B>"]');
  });

  it('pairs acks the server asked for, answered by the client, and keeps the two directions apart', () => {
    const s = new Session();
    s.at(0)
      .out('websocket', event('c', [], { id: 1 }))
      .at(1)
      .in('websocket', event('s', [], { id: 1 }));
    s.at(5).out('websocket', ack(1)).at(12).in('websocket', ack(1));
    const a = analyzeAcks(s.records);
    expect(a.pairs.map((p) => [p.requestedBy, p.id, p.latencyMs])).toEqual([
      ['client', 1, 12],
      ['server', 1, 4],
    ]);
    expect(a.summary).toMatchObject({
      sent: 1,
      answered: 1,
      latencyMs: { median: 12, max: 12 },
      fromServer: { requested: 1, answered: 1, latencyMs: { median: 4, max: 4 } },
    });
    expect(a.findings).toEqual([]);
  });

  it('keeps ack ids per namespace', () => {
    const s = new Session();
    s.at(0)
      .out('websocket', event('a', [], { id: 1 }))
      .out('websocket', event('b', [], { id: 1, nsp: '/admin' }));
    s.at(3)
      .in('websocket', ack(1, [], '/admin'))
      .at(9)
      .in('websocket', ack(1));
    const a = analyzeAcks(s.records);
    expect(a.pairs.map((p) => [p.nsp, p.latencyMs])).toEqual([
      ['/', 9],
      ['/admin', 3],
    ]);
    expect(a.findings).toEqual([]);
  });

  it('pairs binary events and binary acks; attachments are no packets of their own here', () => {
    const s = new Session();
    const req = s.at(0).out('websocket', binaryEvent('upload', 4)).lastFrame;
    s.out('websocket', attachment(req));
    const res = s.at(8).in('websocket', binaryAck(4)).lastFrame;
    s.in('websocket', attachment(res));
    const a = analyzeAcks(s.records);
    expect(a.pairs).toEqual([
      expect.objectContaining({ event: 'upload', frame: req, ackFrame: res, latencyMs: 8 }),
    ]);
    expect(a.findings).toEqual([]);
  });

  it('flags requests never answered, in both directions', () => {
    const s = new Session();
    const mine = s.at(0).out('websocket', event('save', [], { id: 3 })).lastFrame;
    const theirs = s.at(10).in('websocket', event('confirm', [], { id: 8, nsp: '/admin' })).lastFrame;
    s.at(1000).in('websocket', event('no-ack-wanted'));
    const a = analyzeAcks(s.records);
    expect(a.summary).toMatchObject({
      sent: 1,
      answered: 0,
      latencyMs: { median: null, max: null },
      unanswered: 2,
    });
    expect(a.findings).toEqual([
      {
        code: 'ACK_UNANSWERED',
        severity: 'warning',
        frame: mine,
        message: 'client asked for ack 3 for "save" on /; no ACK came (1000 ms until the end of the records)',
      },
      {
        code: 'ACK_UNANSWERED',
        severity: 'warning',
        frame: theirs,
        message:
          'server asked for ack 8 for "confirm" on /admin; no ACK came (990 ms until the end of the records)',
      },
    ]);
  });

  it('flags an ack id answered twice, at the second ACK', () => {
    const s = new Session();
    s.out('websocket', event('x', [], { id: 2 }));
    const first = s.in('websocket', ack(2)).lastFrame;
    const second = s.in('websocket', ack(2)).lastFrame;
    const a = analyzeAcks(s.records);
    expect(a.pairs[0]).toMatchObject({ ackFrame: first, duplicateFrames: [second] });
    expect(a.summary).toMatchObject({ answered: 1, duplicates: 1 });
    expect(a.findings).toEqual([
      {
        code: 'ACK_DUPLICATE',
        severity: 'error',
        frame: second,
        message: `server answered ack 2 on / again (first ACK at frame ${first})`,
      },
    ]);
  });

  it('flags an ACK nobody asked for: unknown id, wrong namespace, wrong direction, no id', () => {
    const s = new Session();
    s.out('websocket', event('x', [], { id: 1 })).in('websocket', event('y', [], { id: 2 }));
    const unknownId = s.in('websocket', ack(9)).lastFrame;
    const wrongNsp = s.in('websocket', ack(1, [], '/other')).lastFrame;
    const wrongDir = s.in('websocket', ack(2)).lastFrame; // id 2 was the server's own request
    const noId = s.in('websocket', { sio: { type: 'ACK', nsp: '/', args: [] } }).lastFrame;
    s.in('websocket', ack(1)).out('websocket', ack(2));
    const a = analyzeAcks(s.records);
    expect(a.summary.unknown).toBe(4);
    expect(a.findings).toEqual([
      {
        code: 'ACK_UNKNOWN',
        severity: 'error',
        frame: unknownId,
        message: 'server sent ACK 9 on /, but the client never asked for it',
      },
      {
        code: 'ACK_UNKNOWN',
        severity: 'error',
        frame: wrongNsp,
        message: 'server sent ACK 1 on /other, but the client never asked for it',
      },
      {
        code: 'ACK_UNKNOWN',
        severity: 'error',
        frame: wrongDir,
        message: 'server sent ACK 2 on /, but the client never asked for it',
      },
      {
        code: 'ACK_UNKNOWN',
        severity: 'error',
        frame: noId,
        message: 'server sent an ACK without an id on /, but the client never asked for it',
      },
    ]);
  });

  it('flags an id reused while its first request was pending, and pairs the ACK with the newer one', () => {
    const s = new Session();
    const first = s.at(0).out('websocket', event('a', [], { id: 5 })).lastFrame;
    const reuse = s.at(10).out('websocket', event('b', [], { id: 5 })).lastFrame;
    s.at(15).in('websocket', ack(5));
    s.at(20)
      .out('websocket', event('c', [], { id: 5 }))
      .at(21)
      .in('websocket', ack(5)); // after an answer: fine
    const a = analyzeAcks(s.records);
    expect(a.pairs.map((p) => [p.event, p.latencyMs])).toEqual([
      ['a', null],
      ['b', 5],
      ['c', 1],
    ]);
    expect(a.findings.map((f) => [f.code, f.frame])).toEqual([
      ['ACK_ID_REUSED', reuse],
      ['ACK_UNANSWERED', first],
    ]);
    expect(a.findings[0]?.message).toBe(
      `client reused ack id 5 on / while the request at frame ${first} was unanswered`,
    );
  });

  it('has nothing to say about no records', () => {
    const a = analyzeAcks([]);
    expect(a.pairs).toEqual([]);
    expect(a.findings).toEqual([]);
    expect(a.summary).toMatchObject({ sent: 0, answered: 0, unanswered: 0, duplicates: 0, unknown: 0 });
  });

  it('lists the latest ACK_PAIRS_KEPT pairs and counts every request, its latency and its findings', () => {
    const s = new Session();
    const n = ACK_PAIRS_KEPT + 2 * FINDING_EXAMPLES;
    for (let id = 0; id < n; id++) {
      s.at(id).out('websocket', event('e', [], { id }));
      // Every other request answered 2 ms later; the rest never are.
      if (id % 2 === 0) s.at(id + 2).in('websocket', ack(id));
    }
    const a = analyzeAcks(s.records);
    const all = analyzeAcks(s.records, { pairsKept: Number.POSITIVE_INFINITY });
    expect(a.pairs).toEqual(all.pairs.slice(-ACK_PAIRS_KEPT));
    expect(a.pairsOmitted).toBe(n - ACK_PAIRS_KEPT);
    expect(all.pairsOmitted).toBe(0);
    expect(a.summary).toEqual(all.summary);
    const unlisted = analyzeAcks(s.records, { pairsKept: 0 });
    expect([unlisted.summary, unlisted.findings]).toEqual([a.summary, a.findings]);
    expect(a.summary).toMatchObject({ sent: n, answered: n / 2, unanswered: n / 2 });
    expect(a.summary.latencyMs).toEqual({ median: 2, max: 2 });
    // The first FINDING_EXAMPLES unanswered, in request order, and how many more.
    expect(a.findings).toHaveLength(FINDING_EXAMPLES);
    expect(a.findings.map((f) => f.code)).toEqual(Array(FINDING_EXAMPLES).fill('ACK_UNANSWERED'));
    expect(a.findings[0]?.message).toMatch(/^client asked for ack 1 for "e" on \/; no ACK came/);
    expect(a.findings.at(-1)?.message).toMatch(new RegExp(`ack ${2 * FINDING_EXAMPLES - 1} `));
    expect(a.findingsOmitted).toEqual({ ACK_UNANSWERED: n / 2 - FINDING_EXAMPLES });
  });

  it('knows an answered ack id at any distance: a second ACK long after is a duplicate, not unknown', () => {
    const s = new Session();
    const n = ACK_PAIRS_KEPT + 5000;
    for (let id = 0; id < n; id++)
      s.at(id)
        .out('websocket', event('e', [], { id }))
        .in('websocket', ack(id));
    const old = s.at(n).in('websocket', ack(3)).lastFrame;
    const listed = s.in('websocket', ack(n - 1)).lastFrame;
    s.in('websocket', ack(n + 50));
    const a = analyzeAcks(s.records);
    expect(a.summary).toMatchObject({ sent: n, answered: n, duplicates: 2, unknown: 1 });
    // Listing no pairs (a summary alone) finds the same.
    const unlisted = analyzeAcks(s.records, { pairsKept: 0 });
    expect(unlisted.pairs).toEqual([]);
    expect([unlisted.summary, unlisted.findings]).toEqual([a.summary, a.findings]);
    expect(a.pairs.at(-1)?.duplicateFrames).toEqual([listed]);
    expect(a.findings.map((f) => [f.code, f.frame])).toEqual([
      ['ACK_DUPLICATE', old],
      ['ACK_DUPLICATE', listed],
      ['ACK_UNKNOWN', listed + 1],
    ]);
    // The first ACK's frame is named while it is remembered (a listed pair, or a recent answer).
    expect(a.findings[0]?.message).toBe('server answered ack 3 on / again');
    expect(a.findings[1]?.message).toBe(
      `server answered ack ${n - 1} on / again (first ACK at frame ${2 * n - 1})`,
    );
  });
});
