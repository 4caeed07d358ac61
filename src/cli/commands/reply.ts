/**
 * `sealpost reply LINK [--code CODE] [--message TEXT | --message-file F] FILES…`: a recipient answers the
 * sender, encrypted the same way: a fresh key for the reply, wrapped to the sender's personal key only.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { nativeChunkCipher } from '../../crypto/node.ts';
import { SealpostError } from '../../core/errors.ts';
import { terminalLine } from '../../core/text/terminal.ts';
import type { FileSource } from '../../client/file-source.ts';
import { localFileSource } from '../../client/node/file-source.ts';
import { createRecipientApi } from '../../client/recipient-api.ts';
import { sendReply } from '../../client/reply.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { openStore, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { createProgress, type Progress } from '../client/progress.ts';
import { openRecipientLink } from '../client/recipient-session.ts';

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
    const sources: FileSource[] = [];
    for (const f of files) sources.push(await localFileSource(path.resolve(io.cwd, f)).catch(() => Promise.reject(new SealpostError('SP_ERR_VALIDATION', { message: `Cannot read ${f}: not a file` }))));
    const opened = await openRecipientLink(io, { link, code: values.code });
    const { api, verified } = opened;
    let bar: Progress | undefined;
    let last = 0;
    const created = await sendReply({
      api: createRecipientApi(api, opened.link.recipientId), baseUrl: api.baseUrl, token: verified.token, senderPublicKey: verified.senderPublicKey, gatewayPublicKey: verified.gatewayPublicKey,
      text, files: sources, cipher: nativeChunkCipher,
      progress: {
        onFileStart: (file, total) => {
          bar = createProgress(io.stderr, { label: file.name, total });
          last = 0;
        },
        onFileProgress: (_file, sent) => {
          bar?.add(sent - last);
          last = sent;
        },
        onFileDone: () => bar?.done(),
      },
    });
    io.stdout.write(`Reply ${terminalLine(created.replyId)} sent to ${terminalLine(verified.senderEmail)}.\n`);
    return 0;
  });
}

export const replyCommand: CommandSpec = { summary: 'answer a message you received, encrypted, with files', run: runReply };
