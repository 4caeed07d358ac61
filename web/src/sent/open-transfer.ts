// Opening the sender's own messages and the replies to them: each message key is wrapped to the sender's personal
// key (ownerWrappedIdentity), so manifests and files decrypt here without anything else from the server.
import type { TransferView } from '../../../src/client/api-contract.ts';
import type * as CryptoModule from '../../../src/crypto/index.ts';
import type { ApiClient } from '../../../src/client/api-client.ts';
import type { PersonalKeyPair } from '../sender/key-store.ts';
import { safeFileName } from '../../../src/core/text/file-name.ts';
import { saveBlob } from '../shell/save-blob.ts';

type Crypto = typeof CryptoModule;
let cryptoModule: Promise<Crypto> | undefined;
const crypto = (): Promise<Crypto> => (cryptoModule ??= import('../../../src/crypto/index.ts'));

export interface OpenedFile {
  blobId: string;
  name: string;
  size: number;
  type: string;
  headerHash: string;
}

export interface OpenedMessage {
  identity: string;
  subject: string;
  text: string;
  files: OpenedFile[];
}

interface Sealed {
  id: string;
  manifest: string | null;
  ownerWrappedIdentity: string | null;
}

/**
 * What the sender sees of a message or reply. `unavailable`: the content is gone (recalled, expired) or was sent
 * from another browser (other personal key). `tampered`: the stored content failed its integrity check (altered or
 * swapped on the server): shown as such, never as merely unavailable.
 */
export type OwnContent = { state: 'open'; message: OpenedMessage } | { state: 'unavailable' } | { state: 'tampered' };

/** The keys a sender's own items may be wrapped to: the current one, then (staff) earlier ones an admin restored. */
export interface OwnerKeys extends PersonalKeyPair {
  previous?: readonly string[];
}

/** `personalKey`: the sender's key on this page (SenderAccess.personalKey: a guest's from IndexedDB, staff's unlocked). */
export async function openOwnMessage(transfer: Sealed | TransferView, personalKey: () => Promise<OwnerKeys | undefined>): Promise<OwnContent> {
  if (!transfer.manifest || !transfer.ownerWrappedIdentity) return { state: 'unavailable' };
  const key = await personalKey();
  if (!key) return { state: 'unavailable' };
  const c = await crypto();
  // An item sent before a lost factor is wrapped to the key of that time: tried after the current one.
  const personalIdentities = [key.identity, ...(key.previous ?? [])];
  const opened = await c.openOwnedContentWithKeys({ ownerWrappedIdentity: transfer.ownerWrappedIdentity, manifest: transfer.manifest, personalIdentities, messageId: transfer.id });
  if (opened.state === 'tampered') return { state: 'tampered' };
  if (opened.state !== 'open') return { state: 'unavailable' };
  const { manifest, identity } = opened;
  return { state: 'open', message: { identity, subject: manifest.subject, text: manifest.text, files: manifest.files } };
}

/**
 * Downloads and decrypts one file, then offers it to the browser as a download. The plaintext is handed over only
 * after the whole file authenticated (nothing partial is ever saved as valid).
 */
export async function downloadOwnFile(options: { api: ApiClient; token: string; transferId: string; identity: string; file: OpenedFile }): Promise<void> {
  // The client core's download pipeline (resumes a broken connection with Range), loaded with the crypto on demand.
  const [c, { openPlainFile }] = await Promise.all([crypto(), import('../../../src/client/download.ts')]);
  const path = `/api/transfers/${options.transferId}/files/${options.file.blobId}`;
  const plain = await openPlainFile({
    open: (offset) => options.api.stream(path, { token: options.token, ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) }),
    identity: options.identity, slot: options.file, cipher: c.nobleChunkCipher,
  });
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for await (const chunk of plain) parts.push(chunk as Uint8Array<ArrayBuffer>);
  saveBlob(new Blob(parts, { type: 'application/octet-stream' }), safeFileName(options.file.name));
}
