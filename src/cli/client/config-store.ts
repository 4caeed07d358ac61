// The client's private state on the user's machine: session token, personal key, pending uploads.
// Everything is written 0600 (dir 0700) with an atomic rename, because these files hold secrets.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface ConfigStore {
  readonly dir: string;
  readJson<T>(name: string): Promise<T | undefined>;
  writeJson(name: string, value: unknown): Promise<void>;
  readText(name: string): Promise<string | undefined>;
  writeText(name: string, value: string): Promise<void>;
  remove(name: string): Promise<void>;
  list(subdir: string): Promise<string[]>;
}

/** `--config-dir`, else `$XDG_CONFIG_HOME/sealpost`, else `~/.config/sealpost`. */
export function resolveConfigDir(options: { flag?: string | undefined; env: Record<string, string | undefined>; cwd: string }): string {
  if (options.flag) return path.resolve(options.cwd, options.flag);
  const xdg = options.env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'sealpost');
  return path.join(options.env.HOME ?? os.homedir(), '.config', 'sealpost');
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

export function createConfigStore(dir: string): ConfigStore {
  const full = (name: string): string => {
    const resolved = path.resolve(dir, name);
    if (!resolved.startsWith(dir + path.sep)) throw new Error(`invalid config file name ${name}`);
    return resolved;
  };
  const writeText = async (name: string, value: string): Promise<void> => {
    const file = full(name);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, value, { mode: 0o600, flag: 'wx' });
    await rename(tmp, file);
  };
  const readText = async (name: string): Promise<string | undefined> => {
    try {
      return await readFile(full(name), 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  };
  return {
    dir,
    readText,
    writeText,
    async readJson<T>(name: string) {
      const text = await readText(name);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    writeJson: (name, value) => writeText(name, `${JSON.stringify(value, null, 2)}\n`),
    async remove(name) {
      await rm(full(name), { force: true });
    },
    async list(subdir) {
      try {
        return (await readdir(full(subdir))).filter((n) => !n.endsWith('.tmp'));
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
    },
  };
}
