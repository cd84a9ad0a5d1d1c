// What the test pages do with the official browser client, written once for socket.io-client 4 and 2
// (their page API is the same for all of this). Each scenario ends by emitting `done` on `/`.
/**
 * Echo acked, binary both ways, an ack the server asks for, and `/admin` refused for want of a token;
 * `transports` as the client takes it.
 */
function conversation(transports: string): string {
  return `
const s = io({ reconnection: false, transports: ${transports} });
s.on('ask', (question, ack) => ack(42));
s.on('binary', () => s.emit('ask-me'));
s.on('answered', () => {
  const admin = io('/admin', { reconnection: false });
  const refused = () => s.emit('done');
  admin.on('connect_error', refused);
  admin.on('error', refused);
});
s.on('connect', () => {
  const go = () => s.emit('echo', 'hi', { n: 1 }, () => s.emit('echo-binary', new Uint8Array([1, 2, 3, 250]).buffer));
  if (s.io.engine.transport.name === 'websocket') go();
  else s.io.engine.once('upgrade', go);
});`;
}

export const SCENARIOS: Readonly<Record<string, string>> = {
  upgrade: conversation(`['polling', 'websocket']`),
  websocket: conversation(`['websocket']`),
  // Two connections of their own in one page: one polling only, one WebSocket only.
  two: `
for (const transports of [['polling'], ['websocket']]) {
  const s = io({ forceNew: true, reconnection: false, transports });
  s.on('welcome', () => s.emit('echo', transports[0], () => s.emit('done')));
}`,
  // Connects, echoes, reloads itself, and connects again.
  reload: `
const loads = Number(sessionStorage.getItem('loads') || 0) + 1;
sessionStorage.setItem('loads', String(loads));
const s = io({ reconnection: false });
s.on('welcome', () => s.emit('echo', 'load ' + loads, () => (loads === 1 ? location.reload() : s.emit('done'))));`,
  // Credentials where a page puts them: the CONNECT auth payload and the handshake's query.
  secrets: `
const s = io({ reconnection: false, auth: { token: 'auth-secret-1' }, query: { access_token: 'query-secret-2' } });
s.on('welcome', () => s.emit('done'));`,
  // Every scenario above in a frame of its own; `two` from another site (localhost rather than
  // 127.0.0.1), which the browser runs in a process of its own, as a separate frame target.
  frames: `
const other = location.origin.replace('127.0.0.1', 'localhost');
for (const src of ['/page/upgrade', '/page/websocket', other + '/page/two', '/page/reload']) {
  const frame = document.createElement('iframe');
  frame.src = src;
  document.documentElement.appendChild(frame);
}`,
};

/** "done" messages the frames page sends: one per scenario, two from `two`. */
export const FRAMES_PAGE_DONE = 5;
