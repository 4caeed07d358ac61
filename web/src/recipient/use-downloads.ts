// Downloads of a message's files, one at a time: a single file or all as a streamed ZIP, decrypted in the page and
// saved through the download service worker. Progress is sampled for display; errors become messages or end states.
import { useEffect, useRef, useState } from 'react';
import type { ChunkCipher, ManifestFile } from '../../../src/crypto/index.ts';
import type { RecipientApi } from './api.ts';
import { openPlainStream } from './decrypt-file.ts';
import { safeFileName, safeMimeType } from './file-names.ts';
import { createProgressTracker, type ProgressSnapshot, type ProgressTracker } from './progress.ts';
import type { StreamSaver } from './save-stream.ts';
import { zipFiles } from './zip-all.ts';

export type DownloadState =
  | { kind: 'idle' }
  | { kind: 'running'; name: string; progress: ProgressSnapshot }
  | { kind: 'done'; name: string }
  | { kind: 'failed'; name: string; error: unknown };

export interface DownloadTarget {
  api: RecipientApi;
  token: string;
  identity: string;
  cipher: () => ChunkCipher;
  saver: StreamSaver;
}

export function useDownloads(target: DownloadTarget): {
  state: DownloadState;
  downloadOne(slot: ManifestFile): Promise<void>;
  downloadAll(files: readonly ManifestFile[], zipName: string): Promise<void>;
} {
  const [state, setState] = useState<DownloadState>({ kind: 'idle' });
  const tracker = useRef<{ name: string; tracker: ProgressTracker } | null>(null);

  // Re-render progress a few times a second, not per chunk.
  const running = state.kind === 'running';
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => {
      const current = tracker.current;
      if (current) setState({ kind: 'running', name: current.name, progress: current.tracker.snapshot() });
    }, 400);
    return () => clearInterval(timer);
  }, [running]);

  const run = async (name: string, total: number, start: (onBytes: (n: number) => void) => Promise<{ stream: ReadableStream<Uint8Array>; size: number; type: string }>) => {
    if (tracker.current) return;
    const progress = createProgressTracker(total);
    tracker.current = { name, tracker: progress };
    setState({ kind: 'running', name, progress: progress.snapshot() });
    try {
      const { stream, size, type } = await start((n) => progress.add(n));
      await target.saver.save({ stream, name, size, type });
      setState({ kind: 'done', name });
    } catch (error) {
      setState({ kind: 'failed', name, error });
    } finally {
      tracker.current = null;
    }
  };

  const plain = (slot: ManifestFile, onBytes: (n: number) => void) =>
    openPlainStream({ api: target.api, token: target.token, identity: target.identity, slot, cipher: target.cipher(), onBytes });

  return {
    state,
    downloadOne: (slot) =>
      run(safeFileName(slot.name), slot.size, async (onBytes) => ({ stream: await plain(slot, onBytes), size: slot.size, type: safeMimeType(slot.type) })),
    downloadAll: (files, zipName) =>
      run(zipName, files.reduce((sum, f) => sum + f.size, 0), async (onBytes) => {
        // Fetch the first file before the save starts, so an error such as a recall shows on the page.
        const first = files[0];
        const firstStream = first ? await plain(first, onBytes) : undefined;
        const zip = zipFiles(files, (slot) => (slot === first && firstStream ? Promise.resolve(firstStream) : plain(slot, onBytes)));
        return { stream: zip.stream, size: zip.size, type: 'application/zip' };
      }),
  };
}
