/**
 * The organisation admin edits the workplace agreements. Each value is checked against the installation (an
 * organisation may narrow, never widen: methods only among the installation's, the maximum expiry at most the
 * installation's) and against the other agreements; `null` returns a setting to the installation default. Audited
 * in the organisation's chain with each changed setting's old and new effective value.
 */
import type { AccountContext } from '../accounts/context.ts';
import type { Organisation } from '../accounts/model.ts';
import { assertOrgAdmin } from '../accounts/org-admin.ts';
import { normaliseDomains } from '../accounts/organisations.ts';
import type { StaffPrincipal } from '../accounts/staff-sessions.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { TransferPolicy } from '../transfers/policy.ts';
import { effectiveAgreements, installationAgreements } from './effective.ts';
import { AUDIT_RETENTION_FLOOR_DAYS, agreementNames, type AgreementName, type EffectiveAgreements, type OrgAgreements } from './model.ts';

/** A change: a value sets the organisation's own, `null` returns to the installation default, absent keeps it. */
export type AgreementsChange = { [K in keyof OrgAgreements]?: OrgAgreements[K] | null };

function invalid(field: AgreementName, message: string): SealpostError {
  return new SealpostError('SP_ERR_VALIDATION', { message, details: { field } });
}

async function loadOrg(ctx: AccountContext, staff: StaffPrincipal): Promise<Organisation> {
  assertOrgAdmin(staff);
  const org = await ctx.repos.organisations.get(staff.orgId);
  if (!org) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  return org;
}

export async function viewAgreements(ctx: AccountContext, installation: TransferPolicy, staff: StaffPrincipal): Promise<EffectiveAgreements> {
  return effectiveAgreements(installation, await loadOrg(ctx, staff));
}

function merge(own: OrgAgreements, change: AgreementsChange): OrgAgreements {
  const next: Record<string, unknown> = { ...own };
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  const merged: OrgAgreements = next;
  if (merged.trustedDomains !== undefined) merged.trustedDomains = normaliseDomains(merged.trustedDomains);
  // An empty list is a valid own choice here (none), unlike trusted domains where it is the default anyway.
  if (merged.alwaysSecureDomains !== undefined && merged.alwaysSecureDomains.length > 0) merged.alwaysSecureDomains = normaliseDomains(merged.alwaysSecureDomains);
  return merged;
}

/** The organisation's own values must fit the installation and each other; refused, never silently adjusted. */
function checkOwn(own: OrgAgreements, installation: TransferPolicy): void {
  const base = installationAgreements(installation);
  const methods = own.allowedMethods ?? base.allowedMethods;
  const foreign = methods.filter((m) => !base.allowedMethods.includes(m));
  if (foreign.length > 0) throw invalid('allowedMethods', `This installation does not offer ${foreign.join(', ')} (it offers ${base.allowedMethods.join(', ')})`);
  if (methods.length === 0) throw invalid('allowedMethods', 'At least one verification method must stay allowed');
  const defaultMethod = own.defaultMethod ?? base.defaultMethod;
  if (!methods.includes(defaultMethod)) throw invalid('defaultMethod', `The default method "${defaultMethod}" must be one of the allowed methods`);
  const max = own.maxExpiryDays ?? base.maxExpiryDays;
  if (max > base.maxExpiryDays) throw invalid('maxExpiryDays', `An organisation may only shorten the installation's maximum expiry of ${base.maxExpiryDays} days`);
  const days = own.defaultExpiryDays ?? base.defaultExpiryDays;
  if (days > max) throw invalid('defaultExpiryDays', `The default expiry (${days} days) cannot exceed the maximum (${max} days)`);
  const audit = own.auditRetentionDays ?? 0;
  if (audit !== 0 && audit < AUDIT_RETENTION_FLOOR_DAYS) {
    throw invalid('auditRetentionDays', `Audit entries must be kept at least ${AUDIT_RETENTION_FLOOR_DAYS} days (the legal minimum); 0 keeps them for good`);
  }
}

/** Old → new effective value of every setting that changed, for the audit entry. */
function changedValues(before: EffectiveAgreements, after: EffectiveAgreements): Record<string, { from: unknown; to: unknown; source: string }> {
  const out: Record<string, { from: unknown; to: unknown; source: string }> = {};
  for (const name of agreementNames) {
    const a = before[name];
    const b = after[name];
    if (JSON.stringify(a) !== JSON.stringify(b)) out[name] = { from: a.value, to: b.value, source: b.source };
  }
  return out;
}

export async function updateAgreements(ctx: AccountContext, installation: TransferPolicy, staff: StaffPrincipal, change: AgreementsChange, meta: RequestMeta): Promise<EffectiveAgreements> {
  assertOrgAdmin(staff);
  // Read and written under the row's lock, as the settings page does: both rewrite the one settings JSON value.
  return ctx.repos.transaction(async (tx) => {
    const org = await tx.organisations.get(staff.orgId, 'forUpdate');
    if (!org) throw new SealpostError('SP_ERR_UNAUTHORIZED');
    const own = merge(org.settings.agreements ?? {}, change);
    checkOwn(own, installation);
    const settings = { ...org.settings, agreements: own };
    const before = effectiveAgreements(installation, org);
    const after = effectiveAgreements(installation, { settings });
    await tx.organisations.updateSettings(org.id, settings);
    await audit(tx, ctx.clock.now(), meta, { orgId: org.id, action: 'org.agreements_changed', actor: staff.email, details: { changed: changedValues(before, after) } });
    return after;
  });
}

/** The organisation's current use against `storageQuotaMiB` (the admin page shows it next to the setting). */
export async function storageUsage(ctx: AccountContext, staff: StaffPrincipal): Promise<{ storageUsedBytes: number; files: number }> {
  assertOrgAdmin(staff);
  const used = await ctx.repos.transfers.storageUsage({ orgId: staff.orgId });
  return { storageUsedBytes: used.bytes, files: used.files };
}
