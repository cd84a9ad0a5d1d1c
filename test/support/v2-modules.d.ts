// socket.io 2 and socket.io-client 2 ship no types; these are the parts the integration tests use.
declare module 'socket.io-v2' {
  import type { Server as HttpServer } from 'node:http';

  export interface V2ServerSocket {
    readonly id: string;
    readonly handshake: { readonly query: Record<string, string | undefined> };
    emit(event: string, ...args: unknown[]): boolean;
    on(event: string, listener: (...args: never[]) => void): this;
  }
  export interface V2Namespace {
    on(event: 'connection', listener: (socket: V2ServerSocket) => void): this;
    use(middleware: (socket: V2ServerSocket, next: (err?: Error) => void) => void): this;
  }
  export interface V2Server extends V2Namespace {
    of(nsp: string): V2Namespace;
    close(callback?: () => void): void;
  }
  export interface V2ServerOptions {
    pingInterval?: number;
    pingTimeout?: number;
    maxHttpBufferSize?: number;
  }
  const createServer: (server: HttpServer, options?: V2ServerOptions) => V2Server;
  export default createServer;
}

declare module 'socket.io-client-v2' {
  export interface V2Emitter {
    on(event: string, listener: (...args: never[]) => void): this;
    once(event: string, listener: (...args: never[]) => void): this;
    off(event: string, listener?: (...args: never[]) => void): this;
  }
  export interface V2ClientSocket extends V2Emitter {
    readonly id: string;
    readonly connected: boolean;
    query: string | Record<string, string> | undefined;
    emit(event: string, ...args: unknown[]): this;
    connect(): this;
    disconnect(): this;
  }
  export interface V2Engine extends V2Emitter {
    readonly id: string;
    readonly transport: { readonly name: string };
  }
  export interface V2Manager extends V2Emitter {
    readonly engine: V2Engine;
    socket(nsp: string, options?: { query?: string | Record<string, string> }): V2ClientSocket;
    close(): void;
  }
  export interface V2ManagerOptions {
    transports?: string[];
    upgrade?: boolean;
    reconnection?: boolean;
    forceNew?: boolean;
  }
  const lookup: {
    (uri: string, options?: V2ManagerOptions): V2ClientSocket;
    Manager: new (uri: string, options?: V2ManagerOptions) => V2Manager;
  };
  export default lookup;
}
