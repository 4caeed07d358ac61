import { mkdirSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { SealpostError } from '../../core/errors.ts';
import { erasableKeyIdPattern, type ErasableKeyStore } from '../../core/ports/erasable-key-store.ts';
import { fsyncDir } from '../blob/atomic-file-write.ts';

const KEY_SIZE = 32;

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

/**
 * The erasable key store on local disk: one 0600 file of 32 bytes per key in a 0700 directory (under
 * DATA_DIR; shared storage when several processes run). Written in place and fsynced, never renamed, so
 * no stale copy is left behind by the store itself; destroy overwrites the bytes with zeros, fsyncs,
 * unlinks and fsyncs the directory. What the filesystem and the disk do underneath (journals, copy-on-
 * write, snapshots, SSD wear levelling) is outside our reach: docs/security.md states those limits.
 */
export function createLocalKeyStore(options: { dir: string }): ErasableKeyStore {
  const dir = path.resolve(options.dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });

  function fileOf(id: string): string {
    if (!erasableKeyIdPattern.test(id)) throw new SealpostError('SP_ERR_VALIDATION', { message: 'Invalid key id' });
    return path.join(dir, `${id}.key`);
  }

  async function destroy(id: string): Promise<void> {
    const file = fileOf(id);
    let handle;
    try {
      handle = await open(file, 'r+');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      await handle.write(new Uint8Array(Math.max(size, KEY_SIZE)), 0, Math.max(size, KEY_SIZE), 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await unlink(file);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
    await fsyncDir(dir);
  }

  async function put(id: string, key: Uint8Array): Promise<void> {
    if (!(key instanceof Uint8Array) || key.length !== KEY_SIZE) throw new SealpostError('SP_ERR_INTERNAL', { message: 'Erasable keys are 32 bytes' });
    const file = fileOf(id);
    // Erase (not just truncate) a key left under this id, e.g. by a send whose transaction rolled back.
    await destroy(id);
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.write(key, 0, KEY_SIZE, 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsyncDir(dir);
  }

  async function get(id: string): Promise<Uint8Array | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(fileOf(id));
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
    // A file caught between zeroing and unlinking (or torn) is as good as destroyed.
    if (bytes.length !== KEY_SIZE || bytes.every((b) => b === 0)) return undefined;
    return new Uint8Array(bytes);
  }

  return { put, get, destroy };
}
