import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SealpostError } from '../../core/errors.ts';
import { DATA_DIR_STORE } from '../../core/ports/blob-store.ts';

/**
 * A store locator names a blob store without its credentials; it is recorded with every blob (transfer_files.
 * blob_store), so it must be stable and must never hold a secret:
 * - `local`: the local store in DATA_DIR (`DATA_DIR/blobs`), wherever DATA_DIR is mounted today;
 * - `file:///srv/blobs`: a local store at that absolute path;
 * - `s3://bucket?endpoint=…&region=…`: an S3 bucket, the URL without user info and with its query sorted.
 */
export type StoreTarget = { kind: 'local'; root?: string } | { kind: 's3'; url: URL };

const invalid = (message: string): SealpostError => new SealpostError('SP_ERR_VALIDATION', { message, details: { field: 'STORAGE_URL' } });

/** Query parameters that could carry a secret never become part of a locator. */
const SECRET_PARAMS = /secret|password|token|key|credential|signature/i;

/** The locator of a STORAGE_URL (undefined or empty: the local store in DATA_DIR). */
export function storeLocator(storageUrl: string | undefined): string {
  if (!storageUrl) return DATA_DIR_STORE;
  if (storageUrl === DATA_DIR_STORE) return DATA_DIR_STORE;
  let url: URL;
  try {
    url = new URL(storageUrl);
  } catch {
    throw invalid('STORAGE_URL is not a URL');
  }
  if (url.protocol === 'file:') {
    const root = fileURLToPath(url);
    if (!isAbsolute(root)) throw invalid('A file: STORAGE_URL needs an absolute path');
    return pathToFileURL(root.replace(/\/+$/, '') || '/').href;
  }
  if (url.protocol === 's3:') {
    if (!url.hostname) throw invalid('An s3: STORAGE_URL names its bucket: s3://bucket?endpoint=…');
    const params = [...url.searchParams].filter(([name]) => !SECRET_PARAMS.test(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const query = new URLSearchParams(params).toString();
    return `s3://${url.hostname}${url.pathname.replace(/\/+$/, '')}${query ? `?${query}` : ''}`;
  }
  throw invalid('STORAGE_URL must start with s3:// or file://');
}

/** What a recorded locator (or a STORAGE_URL) names; an S3 URL keeps any credentials it was given. */
export function parseStoreLocator(locator: string): StoreTarget {
  storeLocator(locator); // validates
  if (locator === DATA_DIR_STORE) return { kind: 'local' };
  const url = new URL(locator);
  return url.protocol === 'file:' ? { kind: 'local', root: fileURLToPath(url) } : { kind: 's3', url };
}
