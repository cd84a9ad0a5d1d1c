import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordFilter } from '../../../../shared/bridge/api';
import type { EioPacketType, PacketRecord, SessionRecord, SioPacketType } from '../../../../shared/record';
import { isLifecycle } from '../../../../shared/record';
/** Crosses several of the scans a text search reads at once, and many appends. */
const CHUNK_LINES = 4096;
import { analysisRecords } from '../../../../electron/store/analysis-records';
import { RecordStore } from '../../../../electron/store/record-store';
import { SearchPool } from '../../../../electron/store/search-pool';
import { SessionWriter } from '../../../../electron/session-io/session-writer';
import { tempDir } from '../../../support/temp-dir';

const EIO: readonly EioPacketType[] = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];
const SIO: readonly SioPacketType[] = [
  'CONNECT',
  'DISCONNECT',
  'EVENT',
  'ACK',
  'CONNECT_ERROR',
  'BINARY_EVENT',
];
const WORDS = ['chat', 'Hello', 'WORLD', 'ping', 'needle', 'über', '"quoted"', 'a\\b'];

/** A varied, deterministic session: every column value occurs, lines cross several chunk boundaries. */
function corpus(count: number): SessionRecord[] {
  const out: SessionRecord[] = [];
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >>> 16) % n;
  };
  for (let i = 0; i < count; i++) {
    const conn = `c${next(3) + 1}`;
    if (next(20) === 0) {
      const event = next(2) === 0 ? 'transport-error' : 'ws-open';
      out.push({
        t: i,
        conn,
        event,
        ...(event === 'transport-error' && { message: `boom ${WORDS[next(8)]}` }),
      });
      continue;
    }
    const eio = EIO[next(EIO.length)] ?? 'message';
    const base = {
      t: i,
      conn,
      frame: i,
      dir: next(2) === 0 ? 'in' : 'out',
      transport: 'websocket',
      size: 10,
    } as const;
    if (eio !== 'message') {
      out.push({ ...base, eio: { type: eio, ...(next(3) === 0 && { data: 'probe' }) } });
      continue;
    }
    const sioType = SIO[next(SIO.length)] ?? 'EVENT';
    const word = WORDS[next(WORDS.length)] ?? 'x';
    out.push({
      ...base,
      eio: { type: 'message' as const, data: `42["${word}"]` },
      sio: {
        type: sioType,
        nsp: next(3) === 0 ? '/admin' : '/',
        ...(sioType.endsWith('EVENT') && { event: next(4) === 0 ? 7 : word, args: [word, { n: i }] }),
      },
      ...(next(15) === 0 && { error: { code: 'SIO_INVALID_PAYLOAD', message: 'payload shape is wrong' } }),
    });
  }
  return out;
}

/** The filter semantics of api.ts, spelled out naively over the objects. */
function reference(records: readonly SessionRecord[], filter: RecordFilter, from = 0): number[] {
  const out: number[] = [];
  records.forEach((r, i) => {
    if (i < from) return;
    const packet = isLifecycle(r) ? undefined : r;
    if (filter.dir !== undefined && packet?.dir !== filter.dir) return;
    if (filter.conn !== undefined && r.conn !== filter.conn) return;
    if (filter.eioTypes?.length && !filter.eioTypes.includes(packet?.eio?.type as EioPacketType)) return;
    if (filter.sioTypes?.length && !filter.sioTypes.includes(packet?.sio?.type as SioPacketType)) return;
    if (filter.nsp !== undefined && packet?.sio?.nsp !== filter.nsp) return;
    if (
      filter.event !== undefined &&
      (packet?.sio?.event === undefined || String(packet.sio.event) !== filter.event)
    )
      return;
    if (filter.hideHeartbeats && (packet?.eio?.type === 'ping' || packet?.eio?.type === 'pong')) return;
    const isError =
      r.error !== undefined ||
      (isLifecycle(r) && (r.event === 'transport-error' || r.event === 'input-error'));
    if (filter.errorsOnly && !isError) return;
    if (filter.text && !JSON.stringify(r).toLowerCase().includes(filter.text.toLowerCase())) return;
    out.push(i);
  });
  return out;
}

const RECORDS = corpus(CHUNK_LINES * 3 + 123);
/** Columns in blocks of 1,000 records: the filters cross a dozen block boundaries. */
const STORE = new RecordStore({ perBlock: 1000 });
// Appended in uneven batches, as a live connection would.
for (let at = 0, size = 1; at < RECORDS.length; at += size, size = (size * 7) % 1001) {
  STORE.append(RECORDS.slice(at, at + size));
}

describe('RecordStore paging', () => {
  it('holds every record', () => {
    expect(STORE.total).toBe(RECORDS.length);
  });

  it('pages any range, across chunk boundaries, fewer at the end', () => {
    expect(STORE.page(0, 3)).toEqual(RECORDS.slice(0, 3));
    expect(STORE.page(CHUNK_LINES - 2, 5)).toEqual(RECORDS.slice(CHUNK_LINES - 2, CHUNK_LINES + 3));
    expect(STORE.page(RECORDS.length - 2, 10)).toEqual(RECORDS.slice(-2));
    expect(STORE.page(RECORDS.length, 10)).toEqual([]);
    expect(STORE.page(5, 0)).toEqual([]);
  });

  it('picks records by index in the order asked, skipping indices past the end', () => {
    const indices = [CHUNK_LINES * 3 + 5, 0, CHUNK_LINES, RECORDS.length + 4, 17];
    expect(STORE.pick(indices)).toEqual([
      RECORDS[CHUNK_LINES * 3 + 5],
      RECORDS[0],
      RECORDS[CHUNK_LINES],
      RECORDS[17],
    ]);
  });

  it("keeps a record's JSON text as given, so a session file line is not serialised again", async () => {
    const store = new RecordStore();
    const record: SessionRecord = { t: 1, conn: 'c1', event: 'ws-open' };
    const text = '{"t":1,"conn":"c1","event":"ws-open","extra":true}';
    store.append([record, record], [text, undefined]);
    expect([...store.jsonLines()]).toEqual([text, JSON.stringify(record)]);
    expect(store.page(0, 1)).toEqual([{ ...record, extra: true }]);
    expect((await store.filter({ text: 'EXTRA' })).indices).toEqual([0]);
  });

  it('gives back the JSON lines in order', () => {
    const lines = [...STORE.jsonLines()];
    expect(lines).toHaveLength(RECORDS.length);
    expect(lines[CHUNK_LINES]).toBe(JSON.stringify(RECORDS[CHUNK_LINES]));
  });
});

describe('RecordStore filtering', () => {
  const cases: readonly RecordFilter[] = [
    {},
    { dir: 'in' },
    { conn: 'c2' },
    { conn: 'c9' },
    { eioTypes: ['ping', 'pong'] },
    { sioTypes: ['EVENT', 'BINARY_EVENT'], nsp: '/admin' },
    { event: 'needle' },
    { event: '7' },
    { event: 'never-sent' },
    { hideHeartbeats: true },
    { errorsOnly: true },
    { text: 'hello' },
    { text: 'ÜBER' },
    { text: '"quoted\\"' },
    { text: 'a\\\\b' },
    { text: '.*' },
    { text: 'line one\nline two' },
    { text: '"conn":"c3"', dir: 'out', hideHeartbeats: true },
    { text: 'boom', errorsOnly: true },
  ];

  it.each(cases.map((f) => [JSON.stringify(f), f] as const))(
    'matches the naive reading of %s',
    async (_, filter) => {
      const result = await STORE.filter(filter);
      const expected = reference(RECORDS, filter);
      expect(result.total).toBe(RECORDS.length);
      expect(result.indices).toEqual(expected);
      // The corpus must exercise the filter: only the filters meant to match nothing may come back empty.
      const meantEmpty =
        filter.conn === 'c9' ||
        filter.event === 'never-sent' ||
        filter.text === '.*' ||
        filter.text?.includes('\n') === true;
      expect(expected.length === 0).toBe(meantEmpty);
    },
  );

  it('filters from an index on, for live appends', async () => {
    const from = CHUNK_LINES + 77;
    for (const filter of [{ text: 'world' }, { dir: 'in' as const }, {}]) {
      expect((await STORE.filter(filter, from)).indices).toEqual(reference(RECORDS, filter, from));
    }
    expect(await STORE.filter({}, RECORDS.length + 5)).toEqual({ total: RECORDS.length, indices: [] });
  });

  // 150,000 records scanned slice by slice: on a busy two-core machine this takes longer than the default.
  it(
    'answers a long scan in slices that add up to the whole, each saying where it stopped',
    { timeout: 90_000 },
    async () => {
      const big = corpus(150_000);
      const store = new RecordStore();
      store.append(big);
      try {
        for (const filter of [{ text: 'needle' }, { dir: 'out' as const, hideHeartbeats: true }]) {
          const whole = await store.filter(filter, 0, Number.POSITIVE_INFINITY);
          expect(whole.more).toBeUndefined();
          expect(whole).toEqual({ total: big.length, indices: reference(big, filter) });
          // No time at all: every call scans one run, then stops; asking again from `total` goes on.
          const slices: number[][] = [];
          let from = 0;
          for (;;) {
            const slice = await store.filter(filter, from, 0);
            expect(slice.total).toBeGreaterThan(from);
            slices.push([...slice.indices]);
            from = slice.total;
            if (slice.more !== true) break;
            expect(slice.total).toBeLessThan(big.length);
          }
          expect(slices.length).toBeGreaterThan(1);
          expect(from).toBe(big.length);
          expect(slices.flat()).toEqual(whole.indices);
        }
      } finally {
        store.close();
      }
    },
  );

  it('agrees with the naive reading for any combination of fields', async () => {
    const filter = fc.record(
      {
        dir: fc.constantFrom('in' as const, 'out' as const),
        conn: fc.constantFrom('c1', 'c2', 'c3'),
        eioTypes: fc.subarray([...EIO]),
        sioTypes: fc.subarray([...SIO]),
        nsp: fc.constantFrom('/', '/admin'),
        event: fc.constantFrom('chat', 'needle', '7'),
        text: fc.constantFrom('hello', 'probe', 'n":1', 'c2'),
        hideHeartbeats: fc.boolean(),
        errorsOnly: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(filter, fc.nat(RECORDS.length), async (f, from) => {
        expect((await STORE.filter(f, from)).indices).toEqual(reference(RECORDS, f, from));
      }),
      { numRuns: 60 },
    );
  });
});

describe('RecordStore past its intern caps', () => {
  /** One connection and three names interned: the records of the others are read to be filtered. */
  const capped = new RecordStore({
    perBlock: 1000,
    intern: { connections: 1, names: 3 },
    listedConnections: 1,
  });
  capped.append(RECORDS);

  it('counts and lists no more than its caps, and says so', () => {
    expect(capped.connections).toEqual([RECORDS[0]?.conn]);
    expect(capped.connectionCount).toEqual({ count: 1, atLeast: true });
    expect(STORE.connectionCount).toEqual({ count: 3, atLeast: false });
  });

  it.each(
    [
      { conn: 'c1' },
      { conn: 'c3' },
      { conn: 'c9' },
      { nsp: '/admin' },
      { event: 'needle' },
      { event: '7' },
      { event: 'never-sent' },
      { event: '"quoted"' },
      { event: 'a\\b', conn: 'c2', dir: 'in' as const },
      { conn: 'c3', text: 'hello' },
      { event: 'über', errorsOnly: true },
    ].map((f) => [JSON.stringify(f), f] as const),
  )('matches the naive reading of %s, reading the records it did not intern', async (_, filter) => {
    expect(await allIndices(capped, filter)).toEqual(reference(RECORDS, filter));
  });

  it('reads a value its file escapes otherwise than JSON.stringify', async () => {
    const store = new RecordStore({ intern: { connections: 1, names: 1 } });
    const records: SessionRecord[] = [
      { t: 0, conn: 'a', event: 'ws-open' },
      { t: 1, conn: 'b/c', event: 'ws-open' },
      { t: 2, conn: 'b/c', event: 'ws-open' },
    ];
    store.append(records, [undefined, '{"t":1,"conn":"b\\/\\u0063","event":"ws-open"}', undefined]);
    try {
      expect(store.connectionCount).toEqual({ count: 1, atLeast: true });
      expect((await store.filter({ conn: 'b/c' })).indices).toEqual([1, 2]);
    } finally {
      store.close();
    }
  });

  it('holds its caps however many distinct connections and events the records name', async () => {
    const store = new RecordStore({ perBlock: 1000, intern: { connections: 100, names: 50 } });
    const records: SessionRecord[] = Array.from({ length: 20_000 }, (_, i) => ({
      t: i,
      conn: `c${i}`,
      frame: i,
      dir: 'in',
      transport: 'websocket',
      size: 9,
      eio: { type: 'message' },
      sio: { type: 'EVENT', nsp: '/', event: `e${i}`, args: [] },
    }));
    store.append(records);
    try {
      expect(store.connectionCount).toEqual({ count: 100, atLeast: true });
      expect(store.connections).toHaveLength(100);
      const input = store.analysisInput();
      expect(input.columns.conns).toHaveLength(101);
      expect(input.columns.names).toHaveLength(51);
      expect(await allIndices(store, { conn: 'c15000' })).toEqual([15000]);
      expect(await allIndices(store, { event: 'e19999', nsp: '/' })).toEqual([19999]);
      expect(await allIndices(store, { event: 'e1999' })).toEqual([1999]);
      expect(await allIndices(store, { event: 'e20000' })).toEqual([]);
      // The analyses see every record's own connection and event, interned or not.
      const names = (r: SessionRecord): unknown[] => [r.conn, isLifecycle(r) ? undefined : r.sio?.event];
      expect([...analysisRecords(input)].map(names)).toEqual(records.map(names));
    } finally {
      store.close();
    }
  });
});

describe('RecordStore search workers', () => {
  it('starts them once the session outgrows a search on this thread, not at its first search', async () => {
    const pool = new SearchPool(2);
    const store = new RecordStore({ pool });
    try {
      const records = corpus(40_000);
      store.append(records.slice(0, 100));
      expect(store.size).toBeLessThan(1 << 20);
      expect(pool.started).toBe(0);
      store.append(records.slice(100));
      expect(store.size).toBeGreaterThan(1 << 20);
      expect(pool.started).toBe(2);
      // Those very workers search.
      expect((await store.filter({ text: 'needle' }, 0, Number.POSITIVE_INFINITY)).indices).toEqual(
        reference(records, { text: 'needle' }),
      );
      expect(pool.started).toBe(2);
    } finally {
      store.close();
      await pool.close();
    }
  });
});

describe('RecordStore over a live recording', () => {
  const dir = tempDir('sio-store-recording');
  const SECRET = 'token-in-clear-42';
  /** The corpus with CONNECTs carrying auth, which a masking recording writes as <redacted>. */
  const connect: Pick<PacketRecord, 'dir' | 'eio' | 'sio'> = {
    dir: 'out',
    eio: { type: 'message', data: `40{"token":"${SECRET}"}` },
    sio: { type: 'CONNECT', nsp: '/', data: { token: SECRET } },
  };
  const records: SessionRecord[] = RECORDS.map((r, i) =>
    i % 500 === 3 && !isLifecycle(r) ? { ...r, ...connect } : r,
  );
  const recorded = async (
    keepSecrets: boolean,
  ): Promise<{ store: RecordStore; writer: SessionWriter; path: string }> => {
    const path = join(dir, `${keepSecrets ? 'kept' : 'masked'}.sio-session.ndjson`);
    const writer = await SessionWriter.create(
      path,
      { target: 'http://h', options: { kind: 'other' } },
      { keepSecrets },
    );
    const store = new RecordStore({ perBlock: 1000 });
    store.indexRecording(writer);
    for (let at = 0, size = 1; at < records.length; at += size, size = (size * 7) % 1001)
      store.append(records.slice(at, at + size));
    return { store, writer, path };
  };

  it('writes each record once, to the recording, and reads it back from there, secrets shown in clear', async () => {
    const { store, writer, path } = await recorded(false);
    // Read before the writer flushed: the newest lines come from its buffer through a flush.
    expect(store.page(records.length - 5, 5)).toStrictEqual(records.slice(-5));
    // The analyses read the records they parse whole from the recording too, the masked ones as shown.
    const analysed = [...analysisRecords(store.analysisInput())];
    const connects = records.flatMap((r, i) => (!isLifecycle(r) && r.sio?.type === 'CONNECT' ? [i] : []));
    expect(connects.length).toBeGreaterThan(3);
    expect(connects.map((i) => analysed[i])).toStrictEqual(connects.map((i) => records[i]));
    await writer.close();
    const file = readFileSync(path, 'utf8').split('\n').slice(1, -1);
    expect(file).toHaveLength(records.length);
    expect(file.filter((l) => l.includes(SECRET))).toStrictEqual([]);
    expect(file.filter((l) => l.includes('<redacted>')).length).toBeGreaterThan(0);
    expect(store.page(0, records.length)).toStrictEqual(records);
    expect([...store.jsonLines()]).toStrictEqual(records.map((r) => JSON.stringify(r)));
    // The search reads what the store shows: the token, not the mask written in its place.
    for (const text of [SECRET, '<redacted>', 'hello', 'ÜBER'])
      expect(await allIndices(store, { text }), text).toStrictEqual(reference(records, { text }));
    store.close();
    expect(readFileSync(path, 'utf8').split('\n').slice(1, -1)).toStrictEqual(file);
  });

  it('keeps in memory what arrives after the recording stopped taking lines', async () => {
    const { store, writer, path } = await recorded(true);
    await writer.close();
    const late = corpus(50).map((r, i) => ({ ...r, t: 1e6 + i }));
    store.append(late);
    const all = [...records, ...late];
    expect(store.page(records.length - 3, 53)).toStrictEqual(all.slice(records.length - 3));
    expect(await allIndices(store, { text: 'needle' })).toStrictEqual(reference(all, { text: 'needle' }));
    expect(readFileSync(path, 'utf8').split('\n').slice(1, -1)).toHaveLength(records.length);
    store.close();
  });
});

async function allIndices(store: RecordStore, filter: RecordFilter): Promise<number[]> {
  const out: number[] = [];
  for (let from = 0; ;) {
    const result = await store.filter(filter, from);
    out.push(...result.indices);
    if (result.more !== true) return out;
    from = result.total;
  }
}
