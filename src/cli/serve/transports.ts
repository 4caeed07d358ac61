import { readFileSync } from 'node:fs';
import { createDevMailboxMailer } from '../../adapters/mailer/dev-mailbox-mailer.ts';
import { createSmtpMailer } from '../../adapters/mailer/smtp-mailer.ts';
import { createDevMailboxSms } from '../../adapters/sms/dev-mailbox-sms.ts';
import { createTwilioSms } from '../../adapters/sms/twilio-sms.ts';
import { createWebhookSms } from '../../adapters/sms/webhook-sms.ts';
import type { Config } from '../../config/config.ts';
import { SealpostError } from '../../core/errors.ts';
import type { DevMailboxStore } from '../../core/ports/dev-mailbox.ts';
import type { Mailer } from '../../core/ports/mailer.ts';
import type { SmsSender } from '../../core/ports/sms-sender.ts';

function readCaFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new SealpostError('SP_ERR_CONFIG_INVALID', {
      message: `SMTP_TLS_CA_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); set it to a readable PEM file with the relay's CA`,
      cause: error,
    });
  }
}

function needDevMailbox(store: DevMailboxStore | undefined, what: string): DevMailboxStore {
  if (!store) throw new SealpostError('SP_ERR_CONFIG_INVALID', { message: `${what} needs the dev mailbox: set DEV_MAILBOX=true (test installations only) or configure a real provider` });
  return store;
}

/** The configured relay, or the dev mailbox when no SMTP_URL is set. */
export function createMailerFromConfig(config: Config, devMailbox: DevMailboxStore | undefined): Mailer {
  if (!config.mail.smtpUrl) return createDevMailboxMailer(needDevMailbox(devMailbox, 'Mail without SMTP_URL'));
  return createSmtpMailer({
    url: config.mail.smtpUrl,
    from: config.mail.from,
    tls: {
      rejectUnauthorized: config.mail.tls.rejectUnauthorized,
      ...(config.mail.tls.caFile ? { ca: readCaFile(config.mail.tls.caFile) } : {}),
    },
  });
}

export function createSmsFromConfig(config: Config, devMailbox: DevMailboxStore | undefined): SmsSender {
  switch (config.sms.provider) {
    case 'dev':
      return createDevMailboxSms(needDevMailbox(devMailbox, 'SMS_PROVIDER=dev'));
    case 'webhook':
      return createWebhookSms({ url: config.sms.url, ...(config.sms.token ? { token: config.sms.token } : {}) });
    case 'twilio':
      return createTwilioSms({ accountSid: config.sms.accountSid, authToken: config.sms.authToken, from: config.sms.from, baseUrl: config.sms.baseUrl });
  }
}
