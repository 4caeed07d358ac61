/**
 * Gathers what chooseVerification (src/core/gateway/verification.ts) decides on, for one portal recipient of one
 * staff sender: the organisation's effective agreements, what its directory remembers for the address, whether the
 * address is a registered recipient, the subject's SMS hint and the strongest minimum of the fired notice rules.
 * For `code` it generates the access code the sender gets in their note (docs/gateway/portal.md).
 */
import { agreementsOf } from '../../core/agreements/enforce.ts';
import { declaredDemand } from '../../core/agreements/notice-declaration.ts';
import { suggestFromDirectory } from '../../core/directory/directory.ts';
import { chooseVerification, type VerificationChoice } from '../../core/gateway/verification.ts';
import type { TransferContext } from '../../core/transfers/context.ts';
import type { NotificationLanguage } from '../../core/transfers/model.ts';
import { generateAccessCode } from '../../crypto/index.ts';

export type PortalRoute = ({ held: true } | { held?: false; method: Exclude<VerificationChoice, { held: true }>['method']; phone: string | null; accessCode?: string }) & {
  /** The recipient's language: the directory's, else the organisation's notification language. */
  lang: NotificationLanguage;
};

export async function portalRouteFor(
  ctx: Pick<TransferContext, 'repos' | 'policy' | 'secrets'>,
  sender: { email: string; orgId: string },
  recipient: string,
  mail: { smsHint: string | null; noticeRuleIds: readonly string[] },
): Promise<PortalRoute> {
  const email = recipient.trim().toLowerCase();
  const { values } = await agreementsOf(ctx, { email: sender.email, orgId: sender.orgId });
  const [entry, directory, account, demand] = await Promise.all([
    ctx.repos.directory.find(sender.orgId, email),
    suggestFromDirectory({ secrets: ctx.secrets, policy: { allowedMethods: values.allowedMethods, defaultLanguage: values.defaultLanguage } }, ctx.repos, sender.orgId, email),
    ctx.repos.recipientAccounts.findByEmail(email),
    declaredDemand(ctx.repos, sender.orgId, mail.noticeRuleIds),
  ]);
  const choice = chooseVerification({
    directory: directory ? { method: directory.method, phone: directory.phone } : undefined,
    registered: account !== undefined,
    smsHint: mail.smsHint,
    allowedMethods: values.allowedMethods,
    defaultMethod: values.defaultMethod,
    minimum: demand?.minimum,
  });
  // The language the directory remembers holds even when its remembered method is no longer allowed.
  const lang = entry?.lang ?? values.defaultLanguage;
  if (choice.held === true) return { held: true, lang };
  return { ...choice, lang, ...(choice.method === 'code' ? { accessCode: generateAccessCode() } : {}) };
}
