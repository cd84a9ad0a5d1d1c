// What a recording of one of the app's connections says about how it was made (its header's options).
import type { ConnectOptions } from '../../shared/bridge/api';
import type { ConnectOrigin } from '../../shared/session/session-origin';

export function connectOrigin(options: ConnectOptions): ConnectOrigin {
  return {
    kind: 'connect',
    eio: options.eio ?? 'auto',
    transports: [...options.transports],
    upgrade: options.upgrade,
    ...(options.path !== undefined && { path: options.path }),
    ...(options.namespaces !== undefined && { namespaces: [...options.namespaces] }),
    ...(options.auth !== undefined && { auth: options.auth }),
    ...(options.query !== undefined && { query: Object.entries(options.query).map(([k, v]) => `${k}=${v}`) }),
    ...(options.headers !== undefined && {
      headers: Object.entries(options.headers).map(([k, v]) => `${k}: ${v}`),
    }),
    insecure: options.insecure === true,
    ...(options.parser !== undefined && { parser: options.parser }),
    ...(options.deflate !== undefined && { deflate: options.deflate }),
    ...(options.reconnect === true && { reconnect: true }),
    ackReply:
      options.ackReply === undefined ? [] : options.ackReply === 'manual' ? 'manual' : [...options.ackReply],
  };
}
