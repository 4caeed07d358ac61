/**
 * `sealpost resend ID --recipient ADDRESS [--code CODE | --verify METHOD]`: mails the recipient a new notification with
 * a new link, made here from the message key (opened with your personal key); the link in the earlier notification
 * stops working. `--verify` changes how the recipient proves who they are at the same time.
 */
import { openOwnedContentWithKeys } from '../../crypto/node.ts';
import { resendNotification } from '../../client/resend.ts';
import { SealpostError } from '../../core/errors.ts';
import { terminalJson, terminalLine } from '../../core/text/terminal.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { parseVerify } from '../client/send-options.ts';
import { messageRecipient } from '../client/recipient-lookup.ts';
import { personalIdentities } from '../client/staff-key.ts';
import { keyLogCheckpointStore } from '../client/key-log-checkpoint.ts';

const usage = `usage: sealpost resend ID --recipient ADDRESS [--code CODE | --verify account|sms:PHONE|code:SECRET|email|none] [--json]
  Sends ADDRESS a new notification with a new link (for a lost or never received mail). The link in the earlier
  notification stops working. The new link is made on this machine from the message key, which your personal
  key opens (staff: your password). At most 3 times a day per recipient.
  --code    for a recipient with an access code: the code (the old one, or a new one you pass on by phone)
  --verify  change how ADDRESS proves who they are (as in send); a code sent the old way stops working
  A registered recipient whose password reset lost the key a message was wrapped to gets it re-wrapped to their
  new key (checked against the key log) by a plain resend.`;

export async function runResend(argv: string[], io: CliIo): Promise<number> {
  return withUsage('resend', usage, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, { recipient: { type: 'string' }, code: { type: 'string' }, verify: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    const { store, session, api, view, recipient } = await messageRecipient(io, { positionals, recipient: values.recipient, configDir: values['config-dir'] });
    if (values.code !== undefined && values.verify !== undefined) throw new UsageError('give either --code or --verify');
    const verify = parseVerify(values.verify);
    const accessCode = verify?.method === 'code' ? verify.code : values.code;
    if ((verify?.method ?? recipient.method) === 'code' && !accessCode?.trim()) {
      throw new UsageError(`${recipient.email} opens messages with an access code: give it with --code (the old one, or a new one you pass on)`);
    }
    if (!view.manifest || !view.ownerWrappedIdentity) throw new SealpostError('SP_ERR_CONFLICT', { message: `Message ${view.id} is ${view.status}: nothing can be sent again` });
    const identities = await personalIdentities(io, api, store, session);
    if (!identities) throw new SealpostError('SP_ERR_UNAUTHORIZED', { message: 'Your personal key is missing, so no new link can be made' });
    const opened = await openOwnedContentWithKeys({ ownerWrappedIdentity: view.ownerWrappedIdentity, manifest: view.manifest, personalIdentities: identities, messageId: view.id });
    if (opened.state === 'tampered') throw new SealpostError('SP_ERR_DECRYPT', { message: `Integrity check failed for message ${view.id}: nothing was sent` });
    if (opened.state !== 'open') throw new SealpostError('SP_ERR_DECRYPT', { message: 'Your personal key does not open this message (was it sent from another machine?)' });
    const after = await resendNotification({
      api, token: session.token, transfer: view, recipientId: recipient.id, identity: opened.identity, accessCode, checkpoints: keyLogCheckpointStore(store, session.server),
      ...(verify ? { method: verify.method, ...(verify.method === 'sms' ? { phone: verify.phone } : {}) } : {}),
    });
    const state = after.recipients.find((r) => r.id === recipient.id);
    if (values.json) io.stdout.write(`${terminalJson({ id: after.id, recipient: { id: recipient.id, email: recipient.email, method: state?.method ?? null, maskedPhone: state?.maskedPhone ?? null, state: state?.state ?? null, notification: state?.notification ?? null } })}\n`);
    else io.stdout.write(`A new notification is on its way to ${terminalLine(recipient.email)}; the link in the earlier one no longer works.\n`);
    return 0;
  });
}

export const resendCommand: CommandSpec = { summary: 'mail a recipient a new notification with a new link', run: runResend };
