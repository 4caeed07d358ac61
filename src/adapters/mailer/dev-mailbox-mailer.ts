import type { DevMailboxStore } from '../../core/ports/dev-mailbox.ts';
import type { MailAddress, Mailer, OutgoingMail, SentMail } from '../../core/ports/mailer.ts';
import { assertOutgoingMail } from './validate-outgoing-mail.ts';

export interface DevMailboxMailerOptions {
  /** Filled in when a mail has no `from`, as the SMTP mailer does with `MAIL_FROM`. */
  from?: MailAddress;
}

/**
 * Embedded default: mail is caught in the dev mailbox (shown at /dev/mailbox) instead of being
 * delivered. It validates exactly like the SMTP mailer, so a flow that works here works in production.
 */
export function createDevMailboxMailer(store: DevMailboxStore, options: DevMailboxMailerOptions = {}): Mailer {
  return {
    kind: 'dev-mailbox',
    async send(mail: OutgoingMail): Promise<SentMail> {
      const complete: OutgoingMail = { ...mail, from: mail.from ?? options.from };
      assertOutgoingMail(complete);
      const caught = await store.add({ kind: 'mail', mail: complete });
      return { messageId: `<${caught.id}@dev-mailbox.sealpost.invalid>` };
    },
    verify: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
