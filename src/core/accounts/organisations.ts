import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { newPublicId } from '../transfers/ids.ts';
import type { AccountContext } from './context.ts';
import { createInvitation } from './invitations.ts';
import { applyKeyRecoveryChoice, checkKeyRecoveryChoice, type KeyRecoveryChoice } from './key-recovery.ts';
import { defaultOrgSettings, type Organisation, type OrgSettings, type OrgUsage } from './model.ts';

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function normaliseDomains(domains: string[]): string[] {
  const list = [...new Set(domains.map((d) => d.trim().toLowerCase()).filter(Boolean))];
  if (list.length === 0 || list.length > 50 || list.some((d) => !DOMAIN.test(d))) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'Give one or more valid mail domains (example.org)' });
  }
  return list;
}

export interface CreatedOrganisation {
  org: Organisation;
  adminUserId: string;
  invitationUrl: string;
  invitationExpiresAt: Date;
}

/**
 * Creates an organisation and invites its first admin (by the operator: CLI or first-run page). The admin's address
 * must be in one of the organisation's domains, so an organisation's staff are always its own. The operator may
 * record the key-recovery choice at once (`sealpost admin create-org --key-recovery …`); otherwise its admin is asked.
 */
export async function createOrganisation(
  ctx: AccountContext,
  input: { name: string; domains: string[]; adminEmail: string; settings?: Partial<OrgSettings>; keyRecovery?: KeyRecoveryChoice | undefined },
  meta: RequestMeta | null,
  actor = 'operator',
): Promise<CreatedOrganisation> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw new SealpostError('SP_ERR_VALIDATION', { message: 'The organisation needs a name (at most 200 characters)' });
  const domains = normaliseDomains(input.domains);
  // Checked before anything is written: a refused recovery key leaves no organisation half-created.
  const keyRecovery = input.keyRecovery && (await checkKeyRecoveryChoice(input.keyRecovery));
  const now = ctx.clock.now();
  const org: Organisation = { id: newPublicId(), name, domains, settings: { ...defaultOrgSettings, ...input.settings }, createdAt: now };
  return ctx.repos.transaction(async (tx) => {
    await tx.organisations.create(org);
    await audit(tx, now, meta, { orgId: org.id, action: 'org.created', actor, details: { domains: domains.length } });
    if (keyRecovery) await applyKeyRecoveryChoice(tx, org.id, keyRecovery, actor, now, meta);
    const invited = await createInvitation({ ...ctx, repos: tx }, org, { email: input.adminEmail, role: 'admin' }, meta, actor);
    return { org, adminUserId: invited.userId, invitationUrl: invited.url, invitationExpiresAt: invited.expiresAt };
  });
}

export interface OrganisationSummary extends Organisation {
  usage: OrgUsage;
}

export async function listOrganisations(ctx: Pick<AccountContext, 'repos'>): Promise<OrganisationSummary[]> {
  const [orgs, usage] = await Promise.all([ctx.repos.organisations.list(), ctx.repos.organisations.usage()]);
  const byId = new Map(usage.map((u) => [u.orgId, u]));
  return orgs.map((org) => ({ ...org, usage: byId.get(org.id) ?? { orgId: org.id, users: 0, transfers: 0, bytes: 0 } }));
}

/**
 * The organisations an address belongs to: its domain or a parent domain is one of their mail domains (the same
 * subdomain rule as ORG_DOMAINS). Usually one; several only where organisations list overlapping domains.
 */
export async function organisationsOfAddress(ctx: Pick<AccountContext, 'repos'>, email: string): Promise<Organisation[]> {
  const domain = email.slice(email.lastIndexOf('@') + 1).trim().toLowerCase();
  const labels = domain.split('.');
  // a.b.example.org → a.b.example.org, b.example.org, example.org (never a bare top-level domain).
  const candidates = labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
  return candidates.length === 0 ? [] : ctx.repos.organisations.findByDomains(candidates);
}
