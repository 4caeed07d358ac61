/**
 * The one server-side check of the workplace agreements on the send path. Web app, API, CLI (and later the gateway
 * and the add-in) all send through createTransfer/sendTransfer, which call `checkSendAgreements`; a refusal is
 * SP_ERR_AGREEMENT with `details.rule` naming the agreement, and its message says what the rule allows.
 */
import type { Organisation } from '../accounts/model.ts';
import { organisationsOfAddress } from '../accounts/organisations.ts';
import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { VerificationMethod } from '../transfers/model.ts';
import type { TransferPolicy } from '../transfers/policy.ts';
import { agreementValues, effectiveAgreements } from './effective.ts';
import { strongEnough, type NoticeDemand } from './min-verification.ts';
import type { AgreementName, AgreementValues, EffectiveAgreements } from './model.ts';

/** Whose agreements bind a sender: a staff member's organisation; a guest's, the organisation owning their address. */
export interface AgreementParty {
  email: string;
  orgId?: string | undefined;
}

export interface BoundAgreements {
  org: Organisation | undefined;
  effective: EffectiveAgreements;
  values: AgreementValues;
}

export async function agreementsOf(ctx: { repos: Repositories; policy: TransferPolicy }, party: AgreementParty): Promise<BoundAgreements> {
  const org = party.orgId ? await ctx.repos.organisations.get(party.orgId) : (await organisationsOfAddress(ctx, party.email))[0];
  const effective = effectiveAgreements(ctx.policy, org);
  return { org, effective, values: agreementValues(effective) };
}

export function agreementError(rule: AgreementName | 'minVerification', message: string, details: Record<string, unknown> = {}): SealpostError {
  return new SealpostError('SP_ERR_AGREEMENT', { message, details: { rule, ...details } });
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

const within = (domain: string, list: readonly string[]): boolean => list.some((d) => domain === d || domain.endsWith(`.${d}`));

/** Internal for an organisation: its own domains and the trusted domains it lists. */
export function isInternalFor(org: Pick<Organisation, 'domains'>, values: Pick<AgreementValues, 'trustedDomains'>, email: string): boolean {
  return within(domainOf(email), [...org.domains, ...values.trustedDomains]);
}

export function checkMethod(values: AgreementValues, email: string, method: VerificationMethod): void {
  if (values.allowedMethods.includes(method)) return;
  throw agreementError('allowedMethods', `Your organisation's agreements do not allow the verification method "${method}" (allowed: ${values.allowedMethods.join(', ')})`, { email, method, allowed: values.allowedMethods });
}

export function checkExpiryDays(values: AgreementValues, days: number): void {
  if (days <= values.maxExpiryDays) return;
  throw agreementError('maxExpiryDays', `Your organisation's agreements keep messages for at most ${values.maxExpiryDays} days`, { maxExpiryDays: values.maxExpiryDays });
}

export function checkFileNames(values: AgreementValues, showsFileNames: boolean): void {
  if (values.senderMayShowFileNames || showsFileNames === !values.hideFileNames) return;
  throw agreementError('senderMayShowFileNames', values.hideFileNames ? "Your organisation's agreements hide file names in notifications" : "Your organisation's agreements show file names in notifications", { hideFileNames: values.hideFileNames });
}

/**
 * Whom the sender may reach. `external`: no recipient inside the organisation or its trusted domains (colleagues get
 * ordinary mail). A guest sender with the organisation's address and `guestRecipients: organisation`: only recipients
 * inside. Senders of no organisation keep the installation's ORG_DOMAINS rule (compose.ts).
 */
export function checkRecipientScope(bound: BoundAgreements, guest: boolean, recipients: readonly string[]): void {
  const { org, values } = bound;
  if (!org) return;
  const internal = recipients.filter((r) => isInternalFor(org, values, r));
  if (values.recipientScope === 'external' && internal.length > 0) {
    throw agreementError('recipientScope', `Your organisation's agreements use secure mail for external recipients only: ${internal.join(', ')} ${internal.length === 1 ? 'is' : 'are'} inside the organisation`, { recipients: internal });
  }
  const outside = recipients.filter((r) => !isInternalFor(org, values, r));
  if (guest && values.guestRecipients === 'organisation' && outside.length > 0) {
    throw agreementError('guestRecipients', `Your organisation's agreements let guest senders write only to the organisation: ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside it`, { recipients: outside });
  }
}

export interface SendToCheck {
  recipients: ReadonlyArray<{ email: string; method: VerificationMethod }>;
  expiryDays: number;
  guest: boolean;
  /** Only at the send step: whether the notification lists the file names (undefined: no notification or no files). */
  showsFileNames?: boolean | undefined;
  /** The strongest minimum verification of the security-notice rules the client declared (min-verification.ts). */
  demand?: NoticeDemand | undefined;
}

const methodNames: Record<string, string> = { account: 'a recipient account', sms: 'SMS code', code: 'access code', email: 'e-mail code' };

/** Recipients verified more weakly than a fired security-notice rule demands are refused, naming the rule. */
export function checkMinVerification(demand: NoticeDemand | undefined, recipients: SendToCheck['recipients']): void {
  if (!demand) return;
  const weak = recipients.filter((r) => !strongEnough(r.method, demand.minimum));
  if (weak.length === 0) return;
  const atLeast = demand.minimum === 'sms' || demand.minimum === 'code' ? 'SMS code or access code' : methodNames[demand.minimum];
  throw agreementError(
    'minVerification',
    `The security notice "${demand.label}" requires recipients verified by at least ${atLeast}: ${weak.map((r) => `${r.email} (${r.method})`).join(', ')}`,
    { noticeRuleId: demand.noticeRuleId, minVerification: demand.minimum, recipients: weak.map((r) => r.email) },
  );
}

/** Every agreement a message must keep: methods, expiry, and whom it goes to. */
export function checkSendAgreements(bound: BoundAgreements, send: SendToCheck): void {
  for (const r of send.recipients) checkMethod(bound.values, r.email, r.method);
  checkExpiryDays(bound.values, send.expiryDays);
  checkRecipientScope(bound, send.guest, send.recipients.map((r) => r.email));
  if (send.showsFileNames !== undefined) checkFileNames(bound.values, send.showsFileNames);
  checkMinVerification(send.demand, send.recipients);
}
