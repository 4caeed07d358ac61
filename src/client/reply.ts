// The reply pipeline (CLI `sealpost reply`, the web app's recipient pages): a fresh message identity, each file
// encrypted to it and uploaded over tus, a manifest sealed to it, and that identity wrapped to the sender's
// personal key (and, for a message that came through the mail gateway, to the gateway key). The recipient's verified
// session token authorises it.
import {
  createEncryptor, encodeHeaderHash, encryptedSize, generateMessageIdentity, sealManifest, type BlobEncryptor, type ChunkCipher,
} from '../crypto/index.ts';
import { safeMimeType } from '../core/text/file-name.ts';
import { bytesToBase64 } from './base64.ts';
import type { FileSource } from './file-source.ts';
import { ownerWrap } from './key-material.ts';
import type { RecipientApi } from './recipient-api.ts';
import type { SendProgress } from './send.ts';
import { startUpload } from './tus-upload.ts';

export async function sendReply(options: {
  api: RecipientApi;
  /** The server origin the recipient API talks to ('' in the web app). */
  baseUrl: string;
  token: string;
  senderPublicKey: string;
  /** From the transfer view: set for a message that came through the mail gateway (the reply is wrapped to it too). */
  gatewayPublicKey?: string | null | undefined;
  text: string;
  files: readonly FileSource[];
  cipher: ChunkCipher;
  progress?: SendProgress | undefined;
}): Promise<{ replyId: string }> {
  const { api, token, files, progress } = options;
  const created = await api.createReply(token, files.map((f) => encryptedSize(f.size)));
  const key = await generateMessageIdentity();
  const slots = [...created.files].sort((a, b) => a.slot - b.slot);
  const encryptors: BlobEncryptor[] = await Promise.all(files.map(() => createEncryptor({ recipients: [key.recipient], cipher: options.cipher })));
  for (const [i, file] of files.entries()) {
    const fileId = slots[i]?.id ?? '';
    const encryptor = encryptors[i] as BlobEncryptor;
    const pending = { fileId, name: file.name, size: file.size, lastModified: file.lastModified, prefix: '' };
    progress?.onFileStart?.(pending, encryptor.encryptedSize(file.size), 0);
    await startUpload({
      baseUrl: options.baseUrl, token, fileId, file, encryptor, resume: false,
      onProgress: (sent, total) => progress?.onFileProgress?.(pending, sent, total),
    }).done;
    progress?.onFileDone?.(pending);
  }
  const manifest = await sealManifest({
    messageId: created.id,
    recipients: [key.recipient],
    manifest: {
      subject: '',
      text: options.text,
      files: files.map((f, i) => ({
        blobId: slots[i]?.id ?? '', name: f.name, size: f.size, type: safeMimeType(f.type), headerHash: encodeHeaderHash((encryptors[i] as BlobEncryptor).headerHash),
      })),
    },
  });
  const ownerWrappedIdentity = await ownerWrap({ identity: key.identity, personalRecipient: options.senderPublicKey, messageId: created.id });
  // The gateway puts replies to its messages into the sender's mailbox: one extra wrap, to its key.
  const gatewayWrappedIdentity = options.gatewayPublicKey
    ? await ownerWrap({ identity: key.identity, personalRecipient: options.gatewayPublicKey, messageId: created.id })
    : undefined;
  await api.sendReply(token, created.id, { manifest: bytesToBase64(manifest), ownerWrappedIdentity, ...(gatewayWrappedIdentity ? { gatewayWrappedIdentity } : {}) });
  return { replyId: created.id };
}
