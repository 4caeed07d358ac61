/**
 * "Always send securely to these recipient domains" (`alwaysSecureDomains`, docs/agreements.md). The portal always
 * sends securely, so this agreement matters where mail can go out in clear: the mail gateway (issue 14) and the
 * Outlook add-in (issue 15) ask `secureSendingRequired` before letting a message pass unprotected, and the scan API
 * raises a `required` notice for such recipients so the add-in and compose show why.
 */
import type { Level, Location, Notice } from '../dlp/types.ts';
import type { AgreementValues } from './model.ts';

// As the recipient detectors place their notices; not imported, so the web app's compose bundle stays small.
const recipientsLocation: Location = { part: 'recipients' };

/** The id of the notice this agreement raises: notices of security-notice rules never contain a dot. */
export const alwaysSecureNoticeId = 'agreement.alwaysSecureDomains';

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** The recipients whose domain (or a parent domain) the agreement lists. */
export function alwaysSecureRecipients(values: Pick<AgreementValues, 'alwaysSecureDomains'>, recipients: readonly string[]): string[] {
  const listed = values.alwaysSecureDomains;
  if (listed.length === 0) return [];
  return recipients.filter((r) => {
    const domain = domainOf(r);
    return listed.some((d) => domain === d || domain.endsWith(`.${d}`));
  });
}

/**
 * Whether a message must go securely: any recipient in the agreed domains, or any security notice at level
 * `required`. The one predicate for every door where mail could leave in clear.
 */
export function secureSendingRequired(
  bound: { values: Pick<AgreementValues, 'alwaysSecureDomains'> },
  recipients: readonly string[],
  notices: ReadonlyArray<{ level: Level }>,
): boolean {
  return alwaysSecureRecipients(bound.values, recipients).length > 0 || notices.some((n) => n.level === 'required');
}

/** The `required` notice for recipients in the agreed domains, or null when there are none. */
export function alwaysSecureNotice(values: Pick<AgreementValues, 'alwaysSecureDomains'>, recipients: readonly string[]): Notice | null {
  const hit = alwaysSecureRecipients(values, recipients);
  if (hit.length === 0) return null;
  // Domains only, as the other recipient notices show them: the sender knows whom they wrote to.
  const evidence = [...new Set(hit.map((a) => `…@${domainOf(a)}`))].slice(0, 3);
  return { id: alwaysSecureNoticeId, level: 'required', detector: 'secureDomain', count: hit.length, locations: [recipientsLocation], evidence, params: {} };
}
