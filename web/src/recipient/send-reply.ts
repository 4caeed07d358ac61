// A reply from the recipient pages: the client core's reply pipeline (src/client/reply.ts, as `sealpost reply`
// uses it), with its per-file progress summed over all files for the progress bar.
import { encryptedSize, type ChunkCipher } from '../../../src/crypto/index.ts';
import { blobFileSource } from '../../../src/client/file-source.ts';
import { sendReply as coreSendReply } from '../../../src/client/reply.ts';
import { webApi } from '../api/client.ts';
import type { RecipientApi } from './api.ts';

export interface ReplyProgress {
  /** Ciphertext bytes uploaded over all files, and their total. */
  sent: number;
  total: number;
}

export async function sendReply(options: {
  api: RecipientApi;
  token: string;
  senderPublicKey: string;
  /** Set when the message came through the mail gateway: the reply is wrapped to it too. */
  gatewayPublicKey?: string | null | undefined;
  text: string;
  files: readonly File[];
  cipher: ChunkCipher;
  onProgress?: (progress: ReplyProgress) => void;
}): Promise<{ replyId: string }> {
  const total = options.files.reduce((sum, f) => sum + encryptedSize(f.size), 0);
  let before = 0;
  const result = await coreSendReply({
    api: options.api, baseUrl: webApi.baseUrl, token: options.token, senderPublicKey: options.senderPublicKey, gatewayPublicKey: options.gatewayPublicKey, text: options.text,
    files: options.files.map((f) => blobFileSource(f)), cipher: options.cipher,
    progress: {
      onFileProgress: (_file, sent) => options.onProgress?.({ sent: before + sent, total }),
      onFileDone: (file) => {
        before += encryptedSize(file.size);
      },
    },
  });
  options.onProgress?.({ sent: total, total });
  return result;
}
