// `sio-inspector attach --cdp http://127.0.0.1:PORT [--tab TEXT] [--out FILE] [--format …] [--summary]
// [--keep-secrets]`:
// records the Engine.IO traffic of a browser the user already runs with --remote-debugging-port, every
// tab or those whose URL or title contains TEXT, until Ctrl-C or the browser closes. It detaches at the
// end and leaves the browser, its tabs and their connections running. Only loopback endpoints.
import { devtoolsEndpoint } from '../browser/devtools-endpoint';
import { OUTPUT_FLAGS, outputOptions, parseCommandArgs } from './args';
import { recordBrowser } from './browse-command';
import { usageError } from './cli-error';
import type { CommandIo } from './command-io';

export const ATTACH_USAGE =
  'attach --cdp http://127.0.0.1:PORT [--tab TEXT] [--out FILE] [--format pretty|ndjson] [--summary] [--keep-secrets]';

export async function runAttach(argv: readonly string[], io: CommandIo): Promise<void> {
  const { values } = parseCommandArgs(
    'attach',
    argv,
    {
      cdp: { type: 'string' },
      tab: { type: 'string' },
      'keep-secrets': { type: 'boolean' },
      ...OUTPUT_FLAGS,
    },
    { min: 0, max: 0, name: '' },
  );
  if (values.cdp === undefined)
    throw usageError(
      "attach: --cdp http://127.0.0.1:PORT is required (the browser's --remote-debugging-port)",
    );
  const endpoint = devtoolsEndpoint(values.cdp as string);
  if ('error' in endpoint) throw usageError(`attach: ${endpoint.error}`);
  const tab = values.tab as string | undefined;
  await recordBrowser(
    'attach',
    { kind: 'attach', endpoint: endpoint.origin, ...(tab === undefined ? {} : { tab }) },
    { ...outputOptions(values), durationMs: undefined, keepSecrets: values['keep-secrets'] === true },
    { kind: 'browser', mode: 'attach', cdp: endpoint.origin.href, ...(tab === undefined ? {} : { tab }) },
    io,
  );
}
