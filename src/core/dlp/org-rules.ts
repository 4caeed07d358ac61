/**
 * Each organisation's own security-notice rules. The installation-wide set (`dlp.ruleSet`, edited with ADMIN_TOKEN)
 * stays what guest senders get and what an organisation starts from until its admin saves its own set.
 */
import { audit } from '../audit/audit.ts';
import type { Clock } from '../ports/clock.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { sha256Hex } from '../../crypto/index.ts';
import { loadRuleSetWithStatus, ruleSetSettingKey, saveRuleSet, type LoadedRuleSet } from './rule-store.ts';
import type { RuleSet } from './rule-set.ts';

export function orgRuleSetKey(orgId: string): string {
  return `${ruleSetSettingKey}.org.${orgId}`;
}

/** The organisation's set; without one (or with an invalid one) the installation's set, reported as `default`. */
export async function loadOrgRuleSet(repos: Repositories, orgId: string): Promise<LoadedRuleSet> {
  const own = await loadRuleSetWithStatus(repos.settings, orgRuleSetKey(orgId));
  if (own.source === 'stored') return own;
  const installation = await loadRuleSetWithStatus(repos.settings);
  return { rules: installation.rules, source: own.source, issues: own.issues };
}

/** Validates and stores the organisation's set; the change is audited in its chain with digests of old and new. */
export async function saveOrgRuleSet(ctx: { repos: Repositories; clock: Clock }, orgId: string, actor: string, input: unknown, meta: RequestMeta): Promise<RuleSet> {
  const key = orgRuleSetKey(orgId);
  return ctx.repos.transaction(async (tx) => {
    const before = await tx.settings.get(key);
    const saved = await saveRuleSet(tx.settings, input, key);
    await audit(tx, ctx.clock.now(), meta, {
      orgId,
      action: 'policy.security_notice_rules_replaced',
      actor,
      details: { name: saved.name, before: before === undefined ? null : sha256Hex(JSON.stringify(before)), after: sha256Hex(JSON.stringify(saved)) },
    });
    return saved;
  });
}

/** The set a sender scans with: a staff member's organisation's, the installation's for guests. */
export async function senderRuleSet(repos: Repositories, orgId: string | undefined): Promise<RuleSet> {
  return orgId ? (await loadOrgRuleSet(repos, orgId)).rules : (await loadRuleSetWithStatus(repos.settings)).rules;
}
