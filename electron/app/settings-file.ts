// settings.json in the user's config folder: what the app keeps between runs (shared/settings). A person
// may edit it, so what is read back is checked field by field; a file that is not JSON at all is moved
// aside (settings.json.broken) rather than overwritten, and the problem is said in one line. Writes go
// to a temporary file renamed over the old one, so a crash never leaves half a file; owner-only, since
// a connection saved with its secrets holds credentials.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  EMPTY_SETTINGS,
  MAX_OPEN_FILES,
  MAX_RECENT_FILES,
  readSettings,
  type AppSettings,
  type SettingsUpdate,
} from '../../shared/settings/app-settings';
import { errorMessage } from '../../shared/user-error';

export const SETTINGS_FILE_NAME = 'settings.json';
/** Far above any real settings file; a bigger one is not read (memory stays bounded). */
const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

/** The web host's config folder: $XDG_CONFIG_HOME/sio-inspector (Electron passes its userData instead). */
export function defaultConfigDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'sio-inspector');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'sio-inspector');
  const config =
    env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== ''
      ? env.XDG_CONFIG_HOME
      : join(home, '.config');
  return join(config, 'sio-inspector');
}

export class SettingsFile {
  readonly path: string;
  private current: AppSettings = EMPTY_SETTINGS;
  private notice: string | undefined;
  private loaded: Promise<void> | undefined;
  /** Writes one after another, the last one winning. */
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {
    this.path = join(dir, SETTINGS_FILE_NAME);
  }

  /** The settings, read from the file once; never rejects. */
  async read(): Promise<{ readonly settings: AppSettings; readonly notice?: string }> {
    await (this.loaded ??= this.load());
    return { settings: this.current, ...(this.notice !== undefined && { notice: this.notice }) };
  }

  async update(update: SettingsUpdate): Promise<void> {
    await this.read();
    this.current = { ...this.current, ...update };
    await this.save();
  }

  /** A file opened or recorded: first in the recent files. */
  async opened(path: string): Promise<void> {
    const { settings } = await this.read();
    const recentFiles = [path, ...settings.recentFiles.filter((p) => p !== path)].slice(0, MAX_RECENT_FILES);
    this.current = { ...this.current, recentFiles };
    await this.save();
  }

  /** The session files open now, reopened at the next start. */
  async setOpenFiles(paths: readonly string[]): Promise<void> {
    const { settings } = await this.read();
    const openFiles = [...new Set(paths)].slice(0, MAX_OPEN_FILES);
    if (openFiles.join('\n') === settings.openFiles.join('\n')) return;
    this.current = { ...this.current, openFiles };
    await this.save();
  }

  /** Whether the page may open this path by name: the settings list it. */
  async lists(path: string): Promise<boolean> {
    const { settings } = await this.read();
    return settings.recentFiles.includes(path) || settings.openFiles.includes(path);
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      const bytes = await readFile(this.path);
      if (bytes.length > MAX_SETTINGS_BYTES) {
        await this.setAside(`is larger than ${MAX_SETTINGS_BYTES / (1024 * 1024)} MiB`);
        return;
      }
      text = bytes.toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.notice = `settings not read (${this.path}): ${errorMessage(error)}`;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      await this.setAside(`is not JSON (${errorMessage(error)})`);
      return;
    }
    const { settings, problems } = readSettings(value);
    this.current = settings;
    if (problems.length > 0)
      this.notice =
        `${this.path}: ${problems[0]}` +
        (problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '') +
        '; what does not fit is left out';
  }

  /** Keeps the person's file for them to mend, and starts from nothing. */
  private async setAside(why: string): Promise<void> {
    const aside = `${this.path}.broken`;
    try {
      await rename(this.path, aside);
      this.notice = `${this.path} ${why}: starting with no settings, the file is kept as ${aside}`;
    } catch (error) {
      this.notice = `${this.path} ${why}, and could not be moved aside: ${errorMessage(error)}`;
    }
  }

  private save(): Promise<void> {
    const text = `${JSON.stringify(this.current, null, 2)}\n`;
    const write = async (): Promise<void> => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, text, { mode: 0o600 });
      await rename(temporary, this.path);
    };
    this.writing = this.writing.then(write, write);
    return this.writing;
  }
}
