// A file the system would not read or write, as a one-line UserError in the words people know the
// usual errno codes by: `input` when a file given to read does not exist (the argument is wrong), `io`
// when the system refused (permissions, a full disk).
import { errorMessage, UserError } from '../../shared/user-error';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
};

/** `cannot read PATH: permission denied`; `verb` is what was tried (read, write). */
export function fileError(error: unknown, path: string, verb: 'read' | 'write', hint?: string): UserError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const why = REASONS[code] ?? errorMessage(error);
  const reason = verb === 'write' && code === 'ENOENT' ? 'no such directory' : why;
  const kind = verb === 'read' && (code === 'ENOENT' || code === 'EISDIR') ? 'input' : 'io';
  return new UserError(kind, `cannot ${verb} ${path}: ${reason}`, hint === undefined ? {} : { hint });
}
