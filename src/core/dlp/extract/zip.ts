/**
 * Reads selected entries of a zip container with fflate, refusing zip bombs before inflating: entry
 * count, declared sizes and compression ratio are checked first. fflate inflates into a buffer of the
 * declared size, so a lying header yields truncated data, never more memory than declared.
 */
import { unzipSync } from 'fflate';
import { ExtractionError, type ExtractLimits } from './limits.ts';

export interface ZipListing {
  names: string[];
  entries: Record<string, Uint8Array>;
}

export function readZip(data: Uint8Array, want: (name: string) => boolean, limits: ExtractLimits): ZipListing {
  const names: string[] = [];
  let inflated = 0;
  let bomb: string | null = null;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(data, {
      filter: (f) => {
        names.push(f.name);
        if (names.length > limits.maxEntries) bomb = `more than ${limits.maxEntries} entries`;
        if (bomb || !want(f.name)) return false;
        if (f.originalSize > f.size * limits.maxRatio && f.originalSize > 1024 * 1024) bomb = `entry ${f.name} expands ${Math.round(f.originalSize / Math.max(1, f.size))}×`;
        inflated += f.originalSize;
        if (inflated > limits.maxInflatedBytes) bomb = `content expands beyond ${limits.maxInflatedBytes} bytes`;
        return bomb === null;
      },
    });
  } catch (err) {
    if (bomb) throw new ExtractionError('zip-bomb', bomb);
    const msg = err instanceof Error ? err.message : String(err);
    throw new ExtractionError(/encrypt/i.test(msg) ? 'encrypted' : 'corrupt', `zip: ${msg}`);
  }
  if (bomb) throw new ExtractionError('zip-bomb', bomb);
  return { names, entries };
}
