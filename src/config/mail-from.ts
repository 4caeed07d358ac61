import { z } from 'zod';

const email = z.email();
const example = 'e.g. MAIL_FROM="Praxis Muster <sealpost@praxis-muster.de>"';

/** The address part of `Name <address>` or a bare `address`. */
function addressOf(from: string): string {
  return (/<([^<>]*)>\s*$/.exec(from)?.[1] ?? from).trim();
}

/**
 * MAIL_FROM must be one deliverable address once mail leaves the machine (SMTP_URL set): the
 * default `sealpost@localhost` is fine for the dev mailbox but no relay accepts it, and the mailer
 * would refuse it at start. Returns the refusal naming the setting and the fix, or undefined.
 */
export function mailFromProblem(mailFrom: string, smtpUrl: string | undefined): string | undefined {
  if (!smtpUrl) return undefined;
  const address = addressOf(mailFrom);
  if (email.safeParse(address).success) return undefined;
  return `MAIL_FROM: "${address}" is not a deliverable sender address (SMTP_URL is set, so mail goes to a relay); set MAIL_FROM to one address of your own domain, ${example}`;
}
