#!/usr/bin/env node
// The sio-inspector command line: one process, one command, a one-line reason on failure.
import { ATTACH_USAGE, runAttach } from './attach-command';
import { BROWSE_USAGE, runBrowse } from './browse-command';
import { CAPTURE_USAGE, runCapture } from './capture-command';
import { EXIT_USAGE, reportError, usageError } from './cli-error';
import { processIo, type CommandIo } from './command-io';
import { DECODE_USAGE, runDecode } from './decode-command';
import { PROXY_USAGE, runProxy } from './proxy-command';
import { REPLAY_USAGE, runReplay } from './replay-command';
import { SERVE_USAGE, runServe } from './serve-command';
import { TOOL } from '../session-io/tool';

type Command = (argv: readonly string[], io: CommandIo) => Promise<void>;

const COMMANDS: Readonly<Record<string, { readonly usage: string; readonly run: Command }>> = {
  capture: { usage: CAPTURE_USAGE, run: runCapture },
  decode: { usage: DECODE_USAGE, run: runDecode },
  proxy: { usage: PROXY_USAGE, run: runProxy },
  replay: { usage: REPLAY_USAGE, run: runReplay },
  browse: { usage: BROWSE_USAGE, run: runBrowse },
  attach: { usage: ATTACH_USAGE, run: runAttach },
  serve: { usage: SERVE_USAGE, run: (argv, io) => runServe(argv, io) },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  sio-inspector ${c.usage}`);
  return ['usage:', ...lines, '  sio-inspector --version | --help'].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${TOOL.version}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) throw usageError(`unknown command "${name}" (try --help)`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: sio-inspector ${command.usage}\n`);
    return 0;
  }
  await command.run(rest, processIo());
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error, process.stderr);
  },
);
