// Real traffic recorded through the recording proxy (socket.io 4, socket.io 2, python-socketio) and
// kept as fixtures: decoding them must stay clean and complete without any server running.
import { describe, expect, it } from 'vitest';
import { summarizeSession } from '../../../../shared/analysis/summary';
import { isLifecycle, type PacketRecord } from '../../../../shared/record';
import { recordedSession } from '../../../support/session-fixtures';

describe.each([
  { file: 'socketio4-upgrade' as const, eio: 4, refusal: 'CONNECT_ERROR', finalTransport: 'websocket' },
  { file: 'socketio2-upgrade' as const, eio: 3, refusal: 'ERROR', finalTransport: 'websocket' },
  { file: 'socketio2-polling' as const, eio: 3, refusal: 'ERROR', finalTransport: 'polling' },
  {
    file: 'python-socketio-websocket' as const,
    eio: 4,
    refusal: 'CONNECT_ERROR',
    finalTransport: 'websocket',
  },
])('$file', ({ file, eio, refusal, finalTransport }) => {
  const records = recordedSession(file).filter((r): r is PacketRecord => !isLifecycle(r));

  it('decodes every packet without an error', () => {
    expect(records.filter((r) => r.error !== undefined)).toEqual([]);
  });

  it('pairs the echo ack and reassembles binary both ways', () => {
    const echo = records.find((r) => r.dir === 'out' && r.sio?.event === 'echo');
    const ack = records.find((r) => r.dir === 'in' && r.sio?.type === 'ACK' && r.sio.id === echo?.sio?.id);
    expect(ack?.sio?.args).toEqual(echo?.sio?.args);
    const binaries = records.filter((r) => r.sio?.type === 'BINARY_EVENT');
    expect(binaries.map((r) => r.dir).sort()).toEqual(['in', 'out']);
    for (const packet of binaries) {
      expect(packet.sio!.args).toEqual([{ $binary: 'AAECf4DI/f7/' }]);
      expect(records.some((r) => r.attachmentOf === packet.frame)).toBe(true);
    }
  });

  it('shows the refused namespace with the protocol generation’s packet type', () => {
    expect(records.some((r) => r.dir === 'in' && r.sio?.type === refusal && r.sio.nsp === '/admin')).toBe(
      true,
    );
  });

  it('summarises to the right version and transport with no error findings', () => {
    const [summary] = summarizeSession(records).connections;
    expect(summary).toMatchObject({ eio, transport: finalTransport });
    expect(summary!.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(summary!.namespaces.find((n) => n.nsp === '/admin')?.connected).toBe(true);
  });
});
