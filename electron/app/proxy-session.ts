// A recording proxy as a session of the app (`connections.proxy`): the decoding proxy's records go to
// the session as a live connection's do, and the session can only be stopped, not sent on.
import type { ProxyOptions } from '../../shared/bridge/api';
import { UserError } from '../../shared/user-error';
import { proxyTarget, startDecodingProxy, type DecodingProxy } from '../proxy/decoding-proxy';
import { RecordOnlyControl } from './record-only-control';
import type { LiveControl, Session } from './session';

/** Starts listening for `session`; rejects with a UserError saying why it cannot. */
export async function startProxySession(options: ProxyOptions, session: Session): Promise<LiveControl> {
  const target = proxyTarget(options.target);
  if ('error' in target) throw new UserError('usage', target.error);
  let proxy: DecodingProxy;
  try {
    proxy = await startDecodingProxy({
      target: options.target,
      insecure: options.insecure === true,
      ...(options.parser !== undefined && { parser: options.parser }),
      // The renderer never picks the interface: a proxy reachable from the network is a CLI decision.
      host: '127.0.0.1',
      listenPort: options.listenPort ?? 0,
      onRecords: (batch) => session.append(batch, true),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? `port ${options.listenPort} is in use`
        : error instanceof Error
          ? error.message
          : String(error);
    throw new UserError('io', `the proxy cannot listen: ${why}`);
  }
  session.proxy = { listen: `http://127.0.0.1:${proxy.port}`, target: target.origin };
  session.setState('open');
  return new RecordOnlyControl(async () => {
    await proxy.close();
    session.setState('closed', 'proxy stopped');
  }, "a proxy session forwards other clients' traffic; it cannot send");
}
