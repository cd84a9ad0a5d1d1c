// The Socket.IO layer with a recording sender: what goes on the wire for joins, emits and acks, and how
// it reads the server's records (docs/protocol.md §2.5).
import { describe, expect, it } from 'vitest';
import type { EioPacketInput } from '../../../../shared/protocol/eio-packet';
import { decodeSioMsgpack } from '../../../../shared/protocol/sio-msgpack';
import type { Json, PacketRecord, SioField } from '../../../../shared/record';
import { UserError } from '../../../../shared/user-error';
import type { AckReply } from '../../../../electron/engine/options';
import { SioClient, type AckResult, type NamespaceInfo } from '../../../../electron/engine/sio-client';

function client(protocol: 4 | 5, ackReply: AckReply = [], parser: 'socket.io' | 'msgpack' = 'socket.io') {
  const wire: (string | Uint8Array)[] = [];
  const namespaces: NamespaceInfo[] = [];
  const acks: AckResult[] = [];
  const sio = new SioClient(
    protocol,
    parser,
    ackReply,
    (packets: readonly EioPacketInput[]) => wire.push(...packets.map((p) => p.data as string | Uint8Array)),
    {
      namespace: (info) => namespaces.push(info),
      ack: (result) => acks.push(result),
    },
  );
  return { sio, wire, namespaces, acks };
}

const record = (dir: 'in' | 'out', sio: SioField, t = 0): PacketRecord => ({
  t,
  conn: 'c1',
  frame: 0,
  dir,
  transport: 'websocket',
  size: 1,
  eio: { type: 'message', data: '' },
  sio,
});

describe('SioClient', () => {
  it('v5 connects every namespace, / included, with the auth object', () => {
    const { sio, wire } = client(5);
    sio.join('/');
    sio.join('/admin', { token: 'x' });
    expect(wire).toEqual(['0', '0/admin,{"token":"x"}']);
  });

  it('v4 leaves / to the server and carries auth as the namespace query', () => {
    const { sio, wire } = client(4);
    sio.join('/', { token: 'x' });
    sio.join('/admin', { token: 'x', n: 1 });
    sio.join('/other?given=1', { token: 'x' });
    expect(wire).toEqual(['0/admin?token=x&n=1,', '0/other?given=1,']);
  });

  it('holds emits until the namespace is connected, then sends them in order', () => {
    const { sio, wire, namespaces } = client(5);
    sio.join('/');
    sio.emit('/', 'a', [1], undefined);
    sio.emit('/', 'b', [], 0);
    expect(wire).toEqual(['0']);
    sio.received(record('in', { type: 'CONNECT', nsp: '/', data: { sid: 's1' } }));
    expect(wire).toEqual(['0', '2["a",1]', '20["b"]']);
    expect(namespaces).toEqual([
      { nsp: '/', status: 'connecting' },
      { nsp: '/', status: 'connected', sid: 's1' },
    ]);
  });

  it('keeps the pid and the last offset the decoder marked, and offers them when joining again', () => {
    const { sio, wire } = client(5);
    sio.join('/', { token: 'x' });
    sio.received(record('in', { type: 'CONNECT', nsp: '/', data: { sid: 's1', pid: 'P' } }));
    sio.received(record('in', { type: 'EVENT', nsp: '/', event: 'a', args: [1, 'O1'], offset: 'O1' }));
    sio.received(record('in', { type: 'EVENT', nsp: '/', id: 3, event: 'b', args: ['not-an-offset'] }));
    expect(sio.list).toEqual([{ nsp: '/', status: 'connected', sid: 's1', pid: 'P', offset: 'O1' }]);

    const again = client(5);
    again.sio.join('/', { token: 'x', offset: 'mine' }, { pid: 'P', offset: 'O1' });
    // As socket.io-client: {pid, offset} first, the auth's own keys over them.
    expect(again.wire).toEqual(['0{"pid":"P","offset":"mine","token":"x"}']);
    // Missed packets replayed before the CONNECT answer move the offset on.
    again.sio.received(
      record('in', { type: 'EVENT', nsp: '/', event: 'missed', args: ['O2'], offset: 'O2' }),
    );
    again.sio.received(record('in', { type: 'CONNECT', nsp: '/', data: { sid: 's1', pid: 'P' } }));
    expect(again.sio.list[0]).toMatchObject({ status: 'connected', pid: 'P', offset: 'O2' });
    expect(wire).toEqual(['0{"token":"x"}', '33[]']);
  });

  it('sends binary arguments as attachments of a BINARY_EVENT', () => {
    const { sio, wire } = client(5);
    sio.join('/');
    sio.received(record('in', { type: 'CONNECT', nsp: '/', data: { sid: 's' } }));
    sio.emit('/', 'file', [{ $binary: 'AQID' }], 7);
    expect(wire.slice(1)).toEqual(['51-7["file",{"_placeholder":true,"num":0}]', Uint8Array.from([1, 2, 3])]);
  });

  it('with msgpack sends each packet as one binary message, binary inline', () => {
    const { sio, wire } = client(5, [], 'msgpack');
    sio.join('/', { token: 'x' });
    sio.received(record('in', { type: 'CONNECT', nsp: '/', data: { sid: 's' } }));
    sio.emit('/', 'file', [{ $binary: 'AQID' }], 7);
    expect(wire.map((m) => decodeSioMsgpack(m as Uint8Array, 5))).toEqual([
      { packet: { type: 'CONNECT', nsp: '/', data: { token: 'x' } } },
      { packet: { type: 'EVENT', nsp: '/', id: 7, data: ['file', { $binary: 'AQID' }] } },
    ]);
  });

  it('pairs an ACK with the EVENT frame that asked for it, latency on the records clock', () => {
    const { sio, acks } = client(5);
    sio.sent(record('out', { type: 'EVENT', nsp: '/admin', id: 3, event: 'e', args: [] }, 10));
    sio.received(record('in', { type: 'ACK', nsp: '/admin', id: 3, args: ['ok'] }, 14.5));
    sio.received(record('in', { type: 'ACK', nsp: '/admin', id: 3, args: ['again'] }, 20));
    expect(acks).toEqual([{ nsp: '/admin', id: 3, args: ['ok'], latencyMs: 4.5 }]);
  });

  it.each<[string, AckReply, string[]]>([
    ['an array', [{ answer: 42 }], ['30[{"answer":42}]']],
    ['a function', (event, args) => [event ?? null, ...(args as Json[])], ['30["ask","q"]']],
    ['manual', 'manual', []],
    ['a function declining', () => undefined, []],
  ])('answers server-requested acks with %s', (_, reply, expected) => {
    const { sio, wire } = client(5, reply);
    sio.received(record('in', { type: 'EVENT', nsp: '/', id: 0, event: 'ask', args: ['q'] }));
    expect(wire).toEqual(expected);
  });

  it('marks refusals (v5 CONNECT_ERROR, v4 ERROR) and drops the waiting emits', () => {
    const { sio, wire, namespaces } = client(4);
    sio.join('/admin');
    sio.emit('/admin', 'never', [], undefined);
    sio.received(record('in', { type: 'ERROR', nsp: '/admin', data: 'unauthorized' }));
    expect(namespaces).toEqual([
      { nsp: '/admin', status: 'connecting' },
      { nsp: '/admin', status: 'refused', error: 'unauthorized' },
    ]);
    expect(wire).toEqual(['0/admin,']);
  });

  it('sends DISCONNECT for connected namespaces when leaving', () => {
    const { sio, wire, namespaces } = client(5);
    sio.join('/');
    sio.join('/a');
    sio.received(record('in', { type: 'CONNECT', nsp: '/', data: { sid: '1' } }));
    sio.leaveAll();
    expect(wire).toEqual(['0', '0/a,', '1']);
    expect(namespaces.at(-1)).toEqual({ nsp: '/', status: 'disconnected', sid: '1' });
    expect(sio.list.map((n) => [n.nsp, n.status])).toEqual([
      ['/', 'disconnected'],
      ['/a', 'connecting'],
    ]);
  });

  it('notes a server DISCONNECT', () => {
    const { sio, namespaces } = client(5);
    sio.join('/');
    sio.received(record('in', { type: 'CONNECT', nsp: '/', data: { sid: '1' } }));
    sio.received(record('in', { type: 'DISCONNECT', nsp: '/' }));
    expect(namespaces.at(-1)?.status).toBe('disconnected');
  });

  it('refuses an emit on a refused namespace, saying why, and sends nothing', () => {
    const { sio, wire } = client(5);
    sio.join('/admin');
    sio.received(record('in', { type: 'CONNECT_ERROR', nsp: '/admin', data: { message: 'unauthorized' } }));
    expect(() => sio.emit('/admin', 'x', [], undefined)).toThrow(
      new UserError('usage', 'namespace /admin was refused (unauthorized): join it again to emit on it'),
    );
    expect(wire).toEqual(['0/admin,']);
  });

  it.each([5, 4] as const)(
    'v%i: a namespace refused, then joined by a CONNECT sent raw, is connected and sends emits',
    (protocol) => {
      const { sio, wire, namespaces } = client(protocol);
      sio.join('/admin');
      const refusal = protocol === 5 ? 'CONNECT_ERROR' : 'ERROR';
      sio.received(record('in', { type: refusal, nsp: '/admin', data: 'unauthorized' }));
      // The raw frame is recorded as ours; the server accepts it.
      sio.sent(record('out', { type: 'CONNECT', nsp: '/admin', data: { token: 'secret' } }));
      sio.received(record('in', { type: 'CONNECT', nsp: '/admin', data: { sid: 's2' } }));
      expect(namespaces.at(-1)).toMatchObject({ nsp: '/admin', status: 'connected' });
      sio.emit('/admin', 'after', [], 0);
      expect(wire.at(-1)).toBe('2/admin,0["after"]');
    },
  );

  it('reads a DISCONNECT sent raw as leaving the namespace', () => {
    const { sio, namespaces } = client(5);
    sio.join('/');
    sio.received(record('in', { type: 'CONNECT', nsp: '/', data: { sid: '1' } }));
    sio.sent(record('out', { type: 'DISCONNECT', nsp: '/' }));
    expect(namespaces.at(-1)).toMatchObject({ nsp: '/', status: 'disconnected' });
  });
});
