// The two ways to reach a browser's DevTools: the debugging pipe of a browser we started
// (--remote-debugging-pipe: NUL-terminated JSON on file descriptors 3 and 4, no port at all) and the
// WebSocket of one the user started with --remote-debugging-port.
import type { Readable, Writable } from 'node:stream';
import { WebSocket } from 'ws';
import { MAX_CDP_MESSAGE_BYTES } from '../../shared/limits';
import type { CdpChannel } from './cdp-client';

export function pipeChannel(toBrowser: Writable, fromBrowser: Readable): CdpChannel {
  let closed = false;
  return {
    send(message) {
      if (!closed) toBrowser.write(`${message}\0`);
    },
    start(onMessage, onClose) {
      let chunks: Buffer[] = [];
      let size = 0;
      const end = (reason: string): void => {
        if (closed) return;
        closed = true;
        fromBrowser.destroy();
        toBrowser.destroy();
        onClose(reason);
      };
      fromBrowser.on('data', (chunk: Buffer) => {
        let start = 0;
        for (let nul = chunk.indexOf(0); nul !== -1; nul = chunk.indexOf(0, start)) {
          chunks.push(chunk.subarray(start, nul));
          onMessage(Buffer.concat(chunks).toString('utf8'));
          chunks = [];
          size = 0;
          start = nul + 1;
        }
        if (start < chunk.length) {
          chunks.push(chunk.subarray(start));
          size += chunk.length - start;
          if (size > MAX_CDP_MESSAGE_BYTES) end(`a DevTools message exceeded ${MAX_CDP_MESSAGE_BYTES} bytes`);
        }
      });
      fromBrowser.on('close', () => end('the browser closed'));
      fromBrowser.on('error', (error) => end(`the debugging pipe failed: ${error.message}`));
      toBrowser.on('error', (error) => end(`the debugging pipe failed: ${error.message}`));
    },
    close() {
      if (closed) return;
      toBrowser.end();
    },
  };
}

/** Connects to a browser-level DevTools WebSocket (`webSocketDebuggerUrl` of /json/version). */
export function webSocketChannel(url: string): Promise<CdpChannel> {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: MAX_CDP_MESSAGE_BYTES });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      ws.off('error', reject);
      resolve({
        send(message) {
          if (ws.readyState === WebSocket.OPEN) ws.send(message);
        },
        start(onMessage, onClose) {
          let closed = false;
          const end = (reason: string): void => {
            if (closed) return;
            closed = true;
            onClose(reason);
          };
          ws.on('message', (data, isBinary) => {
            if (!isBinary) onMessage(data.toString());
          });
          ws.on('close', () => end('the browser closed the DevTools connection'));
          ws.on('error', (error) => end(`the DevTools connection failed: ${error.message}`));
        },
        close() {
          ws.close();
        },
      });
    });
  });
}
