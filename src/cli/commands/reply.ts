/**
 * `sealpost reply LINK [--code CODE] [--message TEXT | --message-file F] FILES…`: a recipient answers the
 * sender, encrypted the same way: a fresh key for the reply, wrapped to the sender's personal key only.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import {
  createEncryptor, encodeHeaderHash, encryptedSize, generateMessageIdentity, sealManifest, type BlobEncryptor,
} from '../../crypto/node.ts';
import { SealpostError } from '../../core/errors.ts';
import { terminalLine } from '../../core/text/terminal.ts';
import type { createReplyResponse, sendReplyRequest } from '../../client/api-contract.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { openStore, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { ownerWrap } from '../client/key-material.ts';
import { createProgress } from '../client/progress.ts';
import { openRecipientLink } from '../client/recipient-session.ts';
import { uploadFile } from '../client/tus-upload.ts';

const usage = `usage: sealpost reply LINK [--code CODE] [--message TEXT | --message-file F] [FILES...]
  LINK   the link of the message you answer (verification as for \`sealpost get\`)`;

export async function runReply(argv: string[], io: CliIo): Promise<number> {
  return withUsage('reply', usage, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, { code: { type: 'string' }, message: { type: 'string' }, 'message-file': { type: 'string' } });
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    const [link, ...files] = positionals;
    if (!link) throw new UsageError('give the LINK of the message you answer');
    if (values.message !== undefined && values['message-file'] !== undefined) throw new UsageError('give --message or --message-file, not both');
    const text = values['message-file'] ? await readFile(path.resolve(io.cwd, values['message-file']), 'utf8') : (values.message ?? '');
    if (text === '' && files.length === 0) throw new UsageError('a reply needs --message or files');
    openStore(io, values['config-dir']);
    const stats = await Promise.all(files.map(async (f) => {
      const full = path.resolve(io.cwd, f);
      const s = await stat(full).catch(() => undefined);
      if (!s?.isFile()) throw new SealpostError('SP_ERR_VALIDATION', { message: `Cannot read ${f}: not a file` });
      return { path: full, name: path.basename(full), size: s.size };
    }));
    const opened = await openRecipientLink(io, { link, code: values.code });
    const { api, verified } = opened;
    const rid = opened.link.recipientId;
    const created = await api.request<z.infer<typeof createReplyResponse>>('POST', `/api/r/${rid}/replies`, { token: verified.token, body: { files: stats.map((s) => ({ size: encryptedSize(s.size) })) } });
    const key = await generateMessageIdentity();
    const slots = [...created.files].sort((a, b) => a.slot - b.slot);
    const encryptors: BlobEncryptor[] = await Promise.all(stats.map(() => createEncryptor({ recipients: [key.recipient] })));
    for (const [i, s] of stats.entries()) {
      const encryptor = encryptors[i] as BlobEncryptor;
      const bar = createProgress(io.stderr, { label: s.name, total: encryptor.encryptedSize(s.size) });
      let last = 0;
      await uploadFile({
        baseUrl: api.baseUrl, token: verified.token, fileId: slots[i]?.id ?? '', file: s.path, plainSize: s.size, encryptor, resume: false,
        onProgress: (sent) => {
          bar.add(sent - last);
          last = sent;
        },
      });
      bar.done();
    }
    const manifest = await sealManifest({
      messageId: created.id,
      recipients: [key.recipient],
      manifest: { subject: '', text, files: stats.map((s, i) => ({ blobId: slots[i]?.id ?? '', name: s.name, size: s.size, type: 'application/octet-stream', headerHash: encodeHeaderHash((encryptors[i] as BlobEncryptor).headerHash) })) },
    });
    const body: z.input<typeof sendReplyRequest> = {
      manifest: Buffer.from(manifest).toString('base64'),
      ownerWrappedIdentity: await ownerWrap({ identity: key.identity, personalRecipient: verified.senderPublicKey, messageId: created.id }),
    };
    await api.request('POST', `/api/r/${rid}/replies/${created.id}/send`, { token: verified.token, body });
    io.stdout.write(`Reply ${terminalLine(created.id)} sent to ${terminalLine(verified.senderEmail)}.\n`);
    return 0;
  });
}

export const replyCommand: CommandSpec = { summary: 'answer a message you received, encrypted, with files', run: runReply };
