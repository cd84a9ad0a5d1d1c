// socket.io 3 ships types its package.json "exports" hides from TypeScript; the part the tests use is
// socket.io 4's API unchanged.
declare module 'socket.io-v3' {
  export { Server } from 'socket.io';
}
