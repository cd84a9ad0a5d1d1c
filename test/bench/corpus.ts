// A deterministic mixed Engine.IO v4 / Socket.IO v5 corpus as frame lines: events, acks, binary
// events with attachments, heartbeats, namespaced traffic and multi-packet polling bodies.

export interface CorpusStats {
  readonly frames: number;
  readonly bytes: number;
}

/** Yields `count` frame lines (JSON strings). Same seed, same corpus. */
export function* corpusLines(count: number, seed = 1): Generator<string> {
  let state = seed >>> 0 || 1;
  const random = (): number => {
    // xorshift32: fast, deterministic, good enough to mix frame kinds.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  const blob = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(65 + Math.floor(random() * 26));
    return s;
  };
  const base64 = (n: number): string => {
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = Math.floor(random() * 256);
    return btoa(String.fromCharCode(...bytes));
  };
  let t = 0;
  let ackId = 0;
  let emitted = 0;
  const line = (
    dir: 'in' | 'out',
    transport: 'polling' | 'websocket',
    body: { text: string } | { binary: string },
  ) => JSON.stringify({ t: Math.round(t * 10) / 10, dir, transport, ...body });

  while (emitted < count) {
    t += random() * 3;
    const pick = random();
    if (pick < 0.4) {
      yield line('in', 'websocket', {
        text: `42["chat",{"user":"u${Math.floor(random() * 1000)}","text":"${blob(24)}","n":${emitted}}]`,
      });
      emitted++;
    } else if (pick < 0.5) {
      const id = ackId++;
      yield line('out', 'websocket', { text: `42${id}["echo","${blob(16)}",{"n":${id}}]` });
      yield line('in', 'websocket', { text: `43${id}["${blob(16)}",{"n":${id}}]` });
      emitted += 2;
    } else if (pick < 0.6) {
      yield line('in', 'websocket', {
        text: `451-["file",{"name":"${blob(8)}.bin","data":{"_placeholder":true,"num":0}}]`,
      });
      yield line('in', 'websocket', { binary: base64(64) });
      emitted += 2;
    } else if (pick < 0.7) {
      yield line('in', 'websocket', { text: '2' });
      yield line('out', 'websocket', { text: '3' });
      emitted += 2;
    } else if (pick < 0.85) {
      const body = [
        `42["tick",${Math.floor(random() * 1e6)},"${blob(12)}"]`,
        `42/admin,["stats",{"load":${random().toFixed(3)}}]`,
        '2',
      ].join('\x1e');
      yield line('in', 'polling', { text: body });
      emitted++;
    } else {
      yield line('out', 'websocket', {
        text: `42/admin,["cmd","${blob(20)}",${Math.floor(random() * 100)}]`,
      });
      emitted++;
    }
  }
}
