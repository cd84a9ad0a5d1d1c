// `sio-inspector browse <url> [--browser PATH] [--headless] [--duration S] [--out FILE] [--format …]
// [--summary] [--keep-secrets]`: starts a Chromium-family browser on a fresh temporary profile, opens the page and
// records every Engine.IO connection of every page, frame and worker it opens, decoded as a capture
// is. It ends when the browser is closed, after --duration, or on Ctrl-C; the browser is closed and
// its profile removed in each case. `attach` (attach-command.ts) records a browser the user runs.
import { isExecutable, findBrowser } from '../browser/find-browser';
import { startBrowserSession, type BrowserSession, type BrowserTarget } from '../browser/browser-session';
import { OUTPUT_FLAGS, outputOptions, parseCommandArgs, parseDuration, type OutputOptions } from './args';
import { prefixError, usageError } from './cli-error';
import type { CommandIo } from './command-io';
import { UserError } from '../../shared/user-error';
import { RecordSink } from './record-sink';
import type { BrowserOrigin } from '../../shared/session/session-origin';

export const BROWSE_USAGE =
  'browse <url> [--browser PATH] [--headless] [--duration SECONDS] [--out FILE] [--format pretty|ndjson] [--summary] [--keep-secrets]';

export async function runBrowse(argv: readonly string[], io: CommandIo): Promise<void> {
  const { values, positionals } = parseCommandArgs(
    'browse',
    argv,
    {
      browser: { type: 'string' },
      headless: { type: 'boolean' },
      duration: { type: 'string' },
      'keep-secrets': { type: 'boolean' },
      ...OUTPUT_FLAGS,
    },
    { min: 1, max: 1, name: 'url: the page to open, e.g. http://localhost:3000' },
  );
  const url = pageUrl(positionals[0] as string);
  const given = values.browser as string | undefined;
  if (given !== undefined && !isExecutable(given))
    throw usageError(`browse: --browser ${given} is not an executable file`);
  const executable = given ?? findBrowser();
  if (executable === undefined)
    throw new UserError('not-found', 'browse: no Chromium, Chrome or Edge found on this machine', {
      hint: 'install one or pass --browser PATH',
    });
  const headless = values.headless === true;
  const durationMs =
    values.duration === undefined ? undefined : parseDuration('browse', values.duration as string);
  await recordBrowser(
    'browse',
    { kind: 'launch', url, executable, headless },
    { ...outputOptions(values), durationMs, keepSecrets: values['keep-secrets'] === true },
    { kind: 'browser', mode: 'launch', browser: executable, headless },
    io,
  );
}

interface RecordingOptions extends OutputOptions {
  readonly durationMs: number | undefined;
  /** --keep-secrets: credentials written and shown in clear, for replay. */
  readonly keepSecrets: boolean;
}

/** Records until the browser goes away, --duration passes or Ctrl-C, then says how it ended on stderr. */
export async function recordBrowser(
  command: string,
  target: BrowserTarget,
  options: RecordingOptions,
  header: BrowserOrigin,
  io: CommandIo,
): Promise<void> {
  const where = target.kind === 'launch' ? target.url : target.endpoint.href;
  const sink = await RecordSink.open(
    io,
    { ...options, echoWithOut: true },
    { target: where, options: header },
  );
  const conns = new Set<string>();
  let session: BrowserSession;
  try {
    session = await startBrowserSession(target, (batch) => {
      for (const record of batch) conns.add(record.conn);
      sink.take(batch);
    });
  } catch (error) {
    await sink.finish();
    throw prefixError(command, error);
  }
  const what =
    target.kind === 'launch'
      ? `${target.url} in ${target.executable}`
      : `${session.pages} tab(s) of ${target.endpoint.host}`;
  io.stderr.write(`sio-inspector: ${command}: recording ${what} (Ctrl-C to stop)\n`);
  let stop: (why: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  const unlisten = io.onInterrupt(() => stop('interrupted'));
  const timer =
    options.durationMs === undefined
      ? undefined
      : setTimeout(() => stop(`--duration ${options.durationMs! / 1000} s`), options.durationMs);
  const why = await Promise.race([session.ended, stopped]);
  clearTimeout(timer);
  await session.stop();
  unlisten();
  await sink.finish();
  const to = options.out === undefined ? '' : ` to ${options.out}`;
  io.stderr.write(
    `sio-inspector: ${command} ended (${why}): ${sink.count} records from ${conns.size} connection(s)${to}\n`,
  );
}

/** The page to open: an http(s) or file URL; a bare host:port means http. */
function pageUrl(text: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw usageError(`browse: "${text}" is not a URL (try http://localhost:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'file:')
    throw usageError(`browse: the page is an http://, https:// or file:// URL (got ${url.protocol}//)`);
  return url.href;
}
