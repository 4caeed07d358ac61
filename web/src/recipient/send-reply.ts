// A reply, as the CLI's `sealpost reply` builds it: a fresh message identity, each file encrypted to it and
// uploaded over tus, a manifest sealed to it, and that identity wrapped to the sender's personal key only.
import {
  createEncryptor, encodeHeaderHash, encryptedSize, generateMessageIdentity, sealManifest, toBase64Url, wrapIdentityToRecipient,
  type BlobEncryptor, type ChunkCipher,
} from '../../../src/crypto/index.ts';
import type { RecipientApi } from './api.ts';
import { safeFileName, safeMimeType } from './file-names.ts';
import { uploadEncryptedFile } from './upload-file.ts';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode(...bigArray) would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export interface ReplyProgress {
  /** Ciphertext bytes uploaded over all files, and their total. */
  sent: number;
  total: number;
}

export async function sendReply(options: {
  api: RecipientApi;
  token: string;
  senderPublicKey: string;
  text: string;
  files: readonly File[];
  cipher: ChunkCipher;
  onProgress?: (progress: ReplyProgress) => void;
}): Promise<{ replyId: string }> {
  const { api, token, files } = options;
  const sizes = files.map((f) => encryptedSize(f.size));
  const total = sizes.reduce((a, b) => a + b, 0);
  const created = await api.createReply(token, sizes);
  const key = await generateMessageIdentity();
  const slots = [...created.files].sort((a, b) => a.slot - b.slot);
  const encryptors: BlobEncryptor[] = await Promise.all(files.map(() => createEncryptor({ recipients: [key.recipient], cipher: options.cipher })));
  let before = 0;
  for (const [i, file] of files.entries()) {
    const base = before;
    await uploadEncryptedFile({
      token, fileId: slots[i]?.id ?? '', file, encryptor: encryptors[i] as BlobEncryptor,
      onProgress: (sent) => options.onProgress?.({ sent: base + sent, total }),
    });
    before += sizes[i] ?? 0;
  }
  const manifest = await sealManifest({
    messageId: created.id,
    recipients: [key.recipient],
    manifest: {
      subject: '',
      text: options.text,
      files: files.map((f, i) => ({
        blobId: slots[i]?.id ?? '', name: safeFileName(f.name), size: f.size, type: safeMimeType(f.type),
        headerHash: encodeHeaderHash((encryptors[i] as BlobEncryptor).headerHash),
      })),
    },
  });
  const owner = await wrapIdentityToRecipient({ identity: key.identity, recipient: options.senderPublicKey, messageId: created.id });
  await api.sendReply(token, created.id, { manifest: toBase64(manifest), ownerWrappedIdentity: toBase64Url(owner) });
  options.onProgress?.({ sent: total, total });
  return { replyId: created.id };
}
