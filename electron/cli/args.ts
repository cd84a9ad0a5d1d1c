// Strict flag parsing for every command: unknown flags, missing values and bad choices are usage errors.
import { parseArgs } from 'node:util';
import { usageError } from './cli-error';
import { errorMessage } from '../../shared/user-error';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  /** Allowed values of a string flag. */
  readonly choices?: readonly string[];
}

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

export function parseCommandArgs(
  command: string,
  argv: readonly string[],
  flags: Readonly<Record<string, FlagSpec>>,
  positionals: { readonly min: number; readonly max: number; readonly name: string },
): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...flags }, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(`${command}: ${firstLine(error)}`);
  }
  for (const [name, spec] of Object.entries(flags)) {
    const value = parsed.values[name];
    if (spec.choices === undefined || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      if (typeof one === 'string' && !spec.choices.includes(one))
        throw usageError(`${command}: --${name} must be one of ${spec.choices.join(', ')} (got "${one}")`);
    }
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw usageError(`${command}: missing ${positionals.name}`);
  if (count > positionals.max)
    throw usageError(`${command}: unexpected argument "${parsed.positionals[positionals.max]}"`);
  // parseArgs types multi-valued flags loosely; our specs only declare string flags as `multiple`.
  return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
}

export type OutputFormat = 'pretty' | 'ndjson';

/** --out, --format and --summary, as every command that records (capture, proxy, replay) takes them. */
export const OUTPUT_FLAGS = {
  out: { type: 'string' },
  format: { type: 'string', choices: ['pretty', 'ndjson'] },
  summary: { type: 'boolean' },
} as const satisfies Record<string, FlagSpec>;

export interface OutputOptions {
  readonly out: string | undefined;
  readonly format: OutputFormat;
  readonly summary: boolean;
}

export function outputOptions(values: ParsedArgs['values']): OutputOptions {
  return {
    out: values.out as string | undefined,
    format: (values.format as OutputFormat | undefined) ?? 'pretty',
    summary: values.summary === true,
  };
}

/** --duration SECONDS, in ms. */
export function parseDuration(command: string, text: string): number {
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0)
    throw usageError(`${command}: --duration takes a positive number of seconds (got "${text}")`);
  return seconds * 1000;
}

function firstLine(error: unknown): string {
  const message = errorMessage(error);
  return (message.split('\n')[0] ?? message).replace(/\. To specify a positional argument.*$/, '');
}
