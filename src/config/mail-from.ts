import { z } from 'zod';

const email = z.email();
const example = 'e.g. MAIL_FROM="Praxis Muster <sealpost@praxis-muster.de>"';

/** The address part of `Name <address>` or a bare `address`. */
function addressOf(from: string): string {
  return (/<([^<>]*)>\s*$/.exec(from)?.[1] ?? from).trim();
}

/**
 * In production mode MAIL_FROM must be one deliverable address: the default `sealpost@localhost`
 * suits the dev mailbox, but no relay accepts it, and the SMTP mailer would refuse it at start.
 * (Embedded mode with a relay gets the same refusal from the mailer when the server starts.)
 * Returns the refusal naming the setting and the fix, or undefined.
 */
export function mailFromProblem(raw: {
  mailFrom: string;
  databaseUrl?: string | undefined;
  smtpUrl?: string | undefined;
  devMailbox?: boolean | undefined;
}): string | undefined {
  // Production mail goes to a relay, except on a test installation that catches it (DEV_MAILBOX=true, no relay).
  const relayed = raw.smtpUrl !== undefined || raw.devMailbox !== true;
  if (!raw.databaseUrl || !relayed) return undefined;
  const address = addressOf(raw.mailFrom);
  if (email.safeParse(address).success) return undefined;
  return `MAIL_FROM: "${address}" is not a deliverable sender address (production mode sends notifications through SMTP_URL); set MAIL_FROM to one address of your own domain, ${example}`;
}
