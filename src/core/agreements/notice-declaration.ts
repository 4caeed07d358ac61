/**
 * The client's declaration of the security-notice rules that fired on the device (`noticeRuleIds` at compose and
 * send): checked against the sender's rule set and turned into the strongest verification it demands. A modified
 * client can leave it out; the gateway, which sees plaintext, enforces the rules itself (docs/dlp.md).
 */
import { senderRuleSet } from '../dlp/org-rules.ts';
import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import { strongestDemand, unknownNoticeIds, type NoticeDemand } from './min-verification.ts';

export async function declaredDemand(repos: Repositories, orgId: string | undefined, ids: readonly string[] | undefined): Promise<NoticeDemand | undefined> {
  if (!ids || ids.length === 0) return undefined;
  const rules = await senderRuleSet(repos, orgId);
  const unknown = unknownNoticeIds(rules, ids);
  if (unknown.length > 0) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `Not a security-notice rule of your organisation: ${unknown.join(', ')}`, details: { field: 'noticeRuleIds', unknown } });
  }
  return strongestDemand(rules, ids);
}
