// A recording proxy in front of a test server, with what the scenarios need around it: the frames and
// lifecycle records as they arrive, waiting for a condition on them (no sleeps), and saving them as
// frame lines (README.md, "Frame lines") for whoever has to look at a failure.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  startRecordingProxy,
  type ProxyFrame,
  type RecordingProxy,
} from '../../electron/proxy/recording-proxy';
import type { EioVersion, LifecycleRecord } from '../../shared/record';

export interface Recording {
  /** Point clients here instead of at the server. */
  readonly url: string;
  readonly frames: ProxyFrame[];
  readonly lifecycle: LifecycleRecord[];
  /** Resolves once `condition` holds, checked after every record; rejects after `timeoutMs`. */
  until(what: string, condition: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startRecording(target: string): Promise<Recording> {
  const frames: ProxyFrame[] = [];
  const lifecycle: LifecycleRecord[] = [];
  const waiters = new Set<() => void>();
  const check = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  const proxy: RecordingProxy = await startRecordingProxy({
    target,
    onFrame: (frame) => {
      frames.push(frame);
      check();
    },
    onLifecycle: (record) => {
      lifecycle.push(record);
      check();
    },
  });
  return {
    url: `http://127.0.0.1:${proxy.port}`,
    frames,
    lifecycle,
    until(what, condition, timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${frames.length} frames so far)`),
          );
        }, timeoutMs);
        const waiter = (): void => {
          if (!condition()) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        };
        waiters.add(waiter);
        waiter();
      });
    },
    close: () => proxy.close(),
  };
}

/**
 * The Engine.IO packets of a text frame, split just enough to wait on heartbeats and closes; the
 * assertions themselves go through the real session decoder.
 */
export function textPackets(frame: ProxyFrame, eio: EioVersion): string[] {
  if (!('text' in frame)) return [];
  if (frame.transport === 'websocket') return [frame.text];
  if (eio === 4) return frame.text.split('\x1e');
  const packets: string[] = [];
  let rest = frame.text;
  for (let m = /^(\d+):/.exec(rest); m?.[1] !== undefined; m = /^(\d+):/.exec(rest)) {
    const end = m[0].length + Number(m[1]);
    packets.push(rest.slice(m[0].length, end));
    rest = rest.slice(end);
  }
  return packets;
}

/** Heartbeats answered so far: pongs from the client (v4) or from the server (v3), probes excluded. */
export function heartbeatsSeen(frames: readonly ProxyFrame[], eio: EioVersion): number {
  const answerDir = eio === 4 ? 'out' : 'in';
  return frames
    .filter((f) => f.dir === answerDir)
    .flatMap((f) => textPackets(f, eio))
    .filter((p) => p === '3').length;
}

/** Whether the client has closed: a `close` packet it sent, or the WebSocket closing. */
export function clientClosed(recording: Recording, eio: EioVersion): boolean {
  return (
    recording.lifecycle.some((r) => r.event === 'ws-close') ||
    recording.frames.some((f) => f.dir === 'out' && textPackets(f, eio).includes('1'))
  );
}

/** Writes the frames as frame lines to test-results/integration/<name>.ndjson. */
export async function saveFrameLines(name: string, frames: readonly ProxyFrame[]): Promise<string> {
  const dir = fileURLToPath(new URL('../../test-results/integration/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const file = `${dir}${name}.ndjson`;
  const lines = frames.map((f) =>
    JSON.stringify(
      'text' in f
        ? f
        : {
            t: f.t,
            conn: f.conn,
            dir: f.dir,
            transport: f.transport,
            binary: Buffer.from(f.binary).toString('base64'),
          },
    ),
  );
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}
