// "Download all" as one ZIP, streamed: entries are stored (no compression: encrypted-at-rest files are usually
// compressed already, and storing keeps it fast) and each file is fetched and decrypted only when the ZIP writer
// reaches it. client-zip writes ZIP64 where needed, so entries and archives over 4 GiB work.
import { makeZip, predictLength } from 'client-zip';
import type { ManifestFile } from '../../../src/crypto/index.ts';
import { lazyStream } from './decrypt-file.ts';
import { safeFileName, uniqueNames } from './file-names.ts';

export interface ZipPlan {
  stream: ReadableStream<Uint8Array>;
  /** Exact archive size. */
  size: number;
}

export function zipEntryNames(files: readonly ManifestFile[]): string[] {
  return uniqueNames(files.map((f) => safeFileName(f.name)));
}

/** A streamed ZIP of `files`; `open(slot)` must return the slot's authenticated plaintext stream. */
export function zipFiles(files: readonly ManifestFile[], open: (slot: ManifestFile) => Promise<ReadableStream<Uint8Array>>, now: Date = new Date()): ZipPlan {
  const names = zipEntryNames(files);
  const size = Number(predictLength(files.map((f, i) => ({ name: names[i] ?? 'file', size: f.size }))));
  async function* entries() {
    for (const [i, slot] of files.entries()) {
      yield { name: names[i] ?? 'file', size: slot.size, lastModified: now, input: lazyStream(() => open(slot)) };
    }
  }
  return { stream: makeZip(entries()), size };
}

/** The ZIP's own name, from the subject if there is one. */
export function zipName(subject: string, fallback: string): string {
  const base = safeFileName(subject.slice(0, 100), fallback);
  return `${base}.zip`;
}
