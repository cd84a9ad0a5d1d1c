// The proxy form's fields and the ProxyOptions they make, with a message for a field that is wrong.
import type { ProxyOptions } from '../../shared/bridge/api';
import type { Parser } from '../../shared/record';

export interface ProxyForm {
  readonly target: string;
  /** Empty or 0: any free port. */
  readonly port: string;
  /** Skip TLS certificate verification of an https target. */
  readonly insecure: boolean;
  /** `auto`: socket.io, with msgpack clients detected. */
  readonly parser: Parser | 'auto';
}

export const DEFAULT_PROXY_FORM: ProxyForm = {
  target: 'http://localhost:3000',
  port: '0',
  insecure: false,
  parser: 'auto',
};

export type ProxyProblems = Partial<Record<'target' | 'port', string>>;

export type ProxyResult =
  | { readonly ok: true; readonly options: ProxyOptions }
  | { readonly ok: false; readonly problems: ProxyProblems };

export function toProxyOptions(form: ProxyForm): ProxyResult {
  const problems: { target?: string; port?: string } = {};
  const target = form.target.trim();
  if (!/^(https?|wss?):\/\/[^/\s]+/i.test(target)) problems.target = 'a URL like http://host:port';
  const portText = form.port.trim();
  const port = portText === '' ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.port = 'a port from 0 to 65535';
  if (problems.target !== undefined || problems.port !== undefined) return { ok: false, problems };
  return {
    ok: true,
    options: {
      target,
      ...(port !== 0 && { listenPort: port }),
      ...(form.insecure && { insecure: true }),
      ...(form.parser !== 'auto' && { parser: form.parser }),
    },
  };
}
