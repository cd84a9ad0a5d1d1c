// `sio-inspector proxy --listen PORT --target URL [--out FILE] [--host H] [--format pretty|ndjson]
// [--summary] [--insecure] [--keep-secrets]`: a recording reverse proxy (docs/architecture.md, job 6). Real clients connect to the
// proxy instead of the server; everything is forwarded unchanged and decoded live, one connection per
// client. It runs until Ctrl-C or SIGTERM, then flushes the records, prints the summary and says what it
// saw on stderr. A target it cannot reach (TLS refused, connection refused) is said once on stderr per
// distinct reason, and the proxy keeps serving.
import { PARSERS, type Parser } from '../../shared/record';
import { DEFAULT_PROXY_HOST, proxyTarget, startDecodingProxy } from '../proxy/decoding-proxy';
import { OUTPUT_FLAGS, outputOptions, parseCommandArgs, type OutputOptions } from './args';
import { CLI_WORDS, usageError } from './cli-error';
import { interrupted, type CommandIo } from './command-io';
import { RecordSink } from './record-sink';
import { describeUserError, errorMessage, UserError } from '../../shared/user-error';

export const PROXY_USAGE =
  'proxy --listen PORT --target URL [--parser socket.io|msgpack|none] [--out FILE] [--host 127.0.0.1] [--format pretty|ndjson] [--summary] [--insecure] [--keep-secrets]';

interface ProxyOptions extends OutputOptions {
  readonly listen: number;
  readonly target: string;
  readonly host: string;
  readonly insecure: boolean;
  /** --keep-secrets: credentials written and shown in clear, for replay. */
  readonly keepSecrets: boolean;
  /** Absent: socket.io, with msgpack detected per client. */
  readonly parser: Parser | undefined;
}

export async function runProxy(argv: readonly string[], io: CommandIo): Promise<void> {
  const options = parseProxyArgs(argv);
  const sink = await RecordSink.open(
    io,
    { ...options, echoWithOut: true },
    {
      target: options.target,
      options: {
        kind: 'proxy',
        listen: options.listen,
        host: options.host,
        insecure: options.insecure,
        ...(options.parser !== undefined && { parser: options.parser }),
      },
    },
  );
  const conns = new Set<string>();
  // A client retries what failed: the reason goes to stderr the first time only (the records keep each).
  const told = new Set<string>();
  let proxy;
  try {
    proxy = await startDecodingProxy({
      target: options.target,
      insecure: options.insecure,
      listenPort: options.listen,
      host: options.host,
      ...(options.parser !== undefined && { parser: options.parser }),
      onRecords: (batch) => {
        for (const record of batch) conns.add(record.conn);
        sink.take(batch);
      },
      onUpstreamFailure: (failure) => {
        const line = describeUserError(failure, CLI_WORDS);
        if (told.has(line)) return;
        told.add(line);
        io.stderr.write(`sio-inspector: proxy: ${line}\n`);
      },
    });
  } catch (error) {
    await sink.finish();
    throw new UserError('io', `proxy: ${listenError(error, options)}`);
  }
  io.stderr.write(
    `sio-inspector: proxy listening on http://${hostForUrl(proxy.host)}:${proxy.port} → ${options.target}\n`,
  );
  await interrupted(io);
  await proxy.close();
  await sink.finish();
  const where = options.out === undefined ? '' : ` to ${options.out}`;
  io.stderr.write(
    `sio-inspector: proxy stopped: ${sink.count} records from ${conns.size} connection(s)${where}\n`,
  );
}

function parseProxyArgs(argv: readonly string[]): ProxyOptions {
  const { values } = parseCommandArgs(
    'proxy',
    argv,
    {
      listen: { type: 'string' },
      target: { type: 'string' },
      host: { type: 'string' },
      parser: { type: 'string', choices: PARSERS },
      ...OUTPUT_FLAGS,
      insecure: { type: 'boolean' },
      'keep-secrets': { type: 'boolean' },
    },
    { min: 0, max: 0, name: '' },
  );
  if (values.listen === undefined) throw usageError('proxy: --listen PORT is required');
  if (values.target === undefined)
    throw usageError('proxy: --target URL is required (http://host:port or https://host:port)');
  const listen = Number(values.listen);
  const text = values.listen as string;
  if (!/^\d+$/.test(text) || listen > 65535)
    throw usageError(`proxy: --listen takes a port number, 0-65535 (got "${text}")`);
  const target = proxyTarget(values.target as string);
  if ('error' in target) throw usageError(`proxy: ${target.error}`);
  const host = (values.host as string | undefined) ?? DEFAULT_PROXY_HOST;
  if (host === '') throw usageError('proxy: --host needs an address');
  return {
    listen,
    target: values.target as string,
    host,
    ...outputOptions(values),
    insecure: values.insecure === true,
    keepSecrets: values['keep-secrets'] === true,
    parser: values.parser as Parser | undefined,
  };
}

function listenError(error: unknown, options: ProxyOptions): string {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${options.host}:${options.listen}`;
  if (code === 'EADDRINUSE') return `cannot listen on ${where}: the port is in use (pick another --listen)`;
  if (code === 'EACCES') return `cannot listen on ${where}: permission denied (ports below 1024 need root)`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return `cannot listen on ${where}: no such local address (check --host)`;
  return errorMessage(error);
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
