// The `--format pretty` view: one readable line per record for a terminal, coloured only on a TTY.
import type { Json, LifecycleRecord, PacketRecord, SessionRecord } from '../../shared/record';
import { isLifecycle } from '../../shared/record';
import type { CommandIo } from './command-io';

export interface Palette {
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly blue: (s: string) => string;
  readonly magenta: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly bold: (s: string) => string;
}

const PREVIEW = 120;

/**
 * Colour on a TTY, unless NO_COLOR is set to something (no-color.org: "present and not empty");
 * FORCE_COLOR set to anything but 0 or false turns it on anywhere.
 */
export function useColour(io: Pick<CommandIo, 'env' | 'stdout'>): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return io.stdout.isTTY === true;
}

export function palette(colour: boolean): Palette {
  const wrap =
    (open: number, close: number) =>
    (s: string): string =>
      colour ? `\x1b[${open}m${s}\x1b[${close}m` : s;
  return {
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    magenta: wrap(35, 39),
    cyan: wrap(36, 39),
    bold: wrap(1, 22),
  };
}

export function formatPretty(record: SessionRecord, p: Palette): string {
  const time = p.dim(`${record.t.toFixed(1).padStart(9)}ms`);
  const head = `${time} ${p.dim(record.conn.padEnd(3))}`;
  return isLifecycle(record) ? `${head} ${formatLifecycle(record, p)}` : `${head} ${formatPacket(record, p)}`;
}

function formatPacket(record: PacketRecord, p: Palette): string {
  const arrow = record.dir === 'out' ? p.cyan('→') : p.magenta('←');
  const transport = p.dim(record.transport === 'websocket' ? 'ws  ' : 'poll');
  const frame = p.dim(`#${record.frame}`.padEnd(6));
  const parts = [frame, arrow, transport];
  const { eio, sio, error } = record;
  if (eio !== undefined) parts.push(eioColour(eio.type, p)(eio.type.padEnd(7)));
  else parts.push(p.red('?'.padEnd(7)));
  if (sio !== undefined) {
    parts.push(p.bold(sio.type));
    if (sio.nsp !== '/') parts.push(p.yellow(sio.nsp));
    if (sio.id !== undefined) parts.push(p.dim(`id=${sio.id}`));
    if (sio.event !== undefined) parts.push(p.green(String(sio.event)));
    const body = sio.args ?? sio.data;
    if (body !== undefined) parts.push(preview(body));
  } else if (record.attachmentOf !== undefined) {
    parts.push(p.dim(`attachment of #${record.attachmentOf}`), preview(eio?.data ?? null));
  } else if (eio?.data !== undefined) {
    parts.push(preview(eio.data));
  }
  if (error !== undefined) parts.push(p.red(`✗ ${error.code}: ${error.message}`));
  // The type column is padded for what follows it; with nothing after it, no trailing blanks.
  if (parts.length === 4 && eio !== undefined) parts[3] = eioColour(eio.type, p)(eio.type);
  return parts.join(' ');
}

function formatLifecycle(record: LifecycleRecord, p: Palette): string {
  const fields: string[] = [p.blue(`[${record.event}]`)];
  if (record.method !== undefined) fields.push(record.method);
  if (record.url !== undefined) fields.push(record.url);
  if (record.status !== undefined)
    fields.push(record.status >= 400 ? p.red(String(record.status)) : String(record.status));
  if (record.ms !== undefined) fields.push(p.dim(`${record.ms}ms`));
  if (record.extensions !== undefined && record.extensions !== '') fields.push(record.extensions);
  if (record.code !== undefined) fields.push(`code=${record.code}`);
  if (record.reason !== undefined) fields.push(record.reason);
  if (record.message !== undefined)
    fields.push(
      record.event === 'note' || record.event === 'reconnect' ? record.message : p.red(record.message),
    );
  if (record.line !== undefined) fields.push(`line ${record.line}`);
  if (record.error !== undefined) fields.push(p.red(`✗ ${record.error.code}: ${record.error.message}`));
  return fields.join(' ');
}

function eioColour(type: string, p: Palette): (s: string) => string {
  switch (type) {
    case 'ping':
    case 'pong':
    case 'noop':
      return p.dim;
    case 'open':
    case 'upgrade':
      return p.blue;
    case 'close':
      return p.yellow;
    default:
      return (s) => s;
  }
}

function preview(value: Json): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
  return text.length > PREVIEW ? `${text.slice(0, PREVIEW - 1)}…` : text;
}
