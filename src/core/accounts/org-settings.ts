import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { AccountContext } from './context.ts';
import type { Organisation, OrgColours, OrgSettings, SupportContact } from './model.ts';
import { assertOrgAdmin } from './org-admin.ts';
import { normaliseDomains } from './organisations.ts';
import type { StaffPrincipal } from './staff-sessions.ts';
import { contrastRatio, MIN_CONTRAST } from './org-settings-contrast.ts';

const HEX = /^#[0-9a-f]{6}$/;

function invalid(field: string, message: string, extra: Record<string, unknown> = {}): SealpostError {
  return new SealpostError('SP_ERR_VALIDATION', { message, details: { field, ...extra } });
}

/** Valid hex colours whose text is readable on the background; unreadable pairs are refused, not adjusted. */
export function checkColours(colours: OrgColours): OrgColours {
  const background = colours.background.toLowerCase();
  const text = colours.text.toLowerCase();
  if (!HEX.test(background)) throw invalid('colours.background', 'Give the colour as #rrggbb');
  if (!HEX.test(text)) throw invalid('colours.text', 'Give the colour as #rrggbb');
  const ratio = Math.round(contrastRatio(background, text) * 100) / 100;
  if (ratio < MIN_CONTRAST) throw invalid('colours', `Text on this background is hard to read (contrast ${ratio}:1, at least ${MIN_CONTRAST}:1 needed)`, { ratio });
  return { background, text };
}

/** Only https (or http for a local test) support pages: a `javascript:` link in the header would run in our origin. */
function checkSupport(support: SupportContact): SupportContact | undefined {
  const out: SupportContact = {};
  if (support.email) out.email = support.email.trim().toLowerCase();
  if (support.phone) {
    const phone = support.phone.trim();
    if (!/^\+?[0-9 ()./-]{3,40}$/.test(phone)) throw invalid('support.phone', 'The phone number has characters a phone number does not');
    out.phone = phone;
  }
  if (support.url) {
    let url: URL;
    try {
      url = new URL(support.url.trim());
    } catch {
      throw invalid('support.url', 'The support page must be a full web address');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('support.url', 'The support page must start with https://');
    out.url = url.href;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export interface OrgSettingsChange {
  name?: string | undefined;
  domains?: string[] | undefined;
  idleTimeoutMinutes?: number | undefined;
  absoluteTimeoutHours?: number | undefined;
  guestSendersAllowed?: boolean | undefined;
  /** SMS codes as a second factor (NIST 800-63B: restricted; off by default). */
  smsFactorAllowed?: boolean | undefined;
  /** null removes the support contact. */
  support?: SupportContact | null | undefined;
  /** null returns to the default colours. */
  colours?: OrgColours | null | undefined;
}

export async function viewOrgSettings(ctx: AccountContext, staff: StaffPrincipal): Promise<Organisation> {
  assertOrgAdmin(staff);
  const org = await ctx.repos.organisations.get(staff.orgId);
  if (!org) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  return org;
}

/** What the app header and notifications may show about an organisation: to any of its staff. */
export async function orgBranding(ctx: AccountContext, staff: StaffPrincipal): Promise<{ name: string; support?: SupportContact | undefined; colours?: OrgColours | undefined }> {
  const org = await ctx.repos.organisations.get(staff.orgId);
  if (!org) throw new SealpostError('SP_ERR_UNAUTHORIZED');
  return { name: org.name, support: org.settings.support, colours: org.settings.colours };
}

function mergeSettings(settings: OrgSettings, change: OrgSettingsChange): OrgSettings {
  const next: OrgSettings = { ...settings };
  if (change.idleTimeoutMinutes !== undefined) next.idleTimeoutMinutes = change.idleTimeoutMinutes;
  if (change.absoluteTimeoutHours !== undefined) next.absoluteTimeoutHours = change.absoluteTimeoutHours;
  if (change.guestSendersAllowed !== undefined) next.guestSendersAllowed = change.guestSendersAllowed;
  if (change.smsFactorAllowed !== undefined) next.smsFactorAllowed = change.smsFactorAllowed;
  if (change.support !== undefined) next.support = change.support === null ? undefined : checkSupport(change.support);
  if (change.colours !== undefined) next.colours = change.colours === null ? undefined : checkColours(change.colours);
  if (next.idleTimeoutMinutes > next.absoluteTimeoutHours * 60) throw invalid('idleTimeoutMinutes', 'The idle timeout cannot be longer than the absolute timeout');
  return next;
}

/**
 * Changes the organisation's name, domains and settings. The admin's own address must stay in the domains (or they
 * would lock themselves out of new invitations to their own domain). Audited with the names of the changed fields.
 */
export async function updateOrgSettings(ctx: AccountContext, staff: StaffPrincipal, change: OrgSettingsChange, meta: RequestMeta): Promise<Organisation> {
  assertOrgAdmin(staff);
  const fields = Object.entries(change).filter(([, v]) => v !== undefined).map(([k]) => k).sort();
  // Read and written under the row's lock: the settings are one JSON value, and another admin's save (or the
  // agreements page's) in between would otherwise be overwritten with what this request read.
  return ctx.repos.transaction(async (tx) => {
    const org = await tx.organisations.get(staff.orgId, 'forUpdate');
    if (!org) throw new SealpostError('SP_ERR_UNAUTHORIZED');
    const name = change.name === undefined ? org.name : change.name.trim();
    if (name.length === 0 || name.length > 200) throw invalid('name', 'The organisation needs a name (at most 200 characters)');
    const domains = change.domains === undefined ? org.domains : normaliseDomains(change.domains);
    const ownDomain = staff.email.slice(staff.email.lastIndexOf('@') + 1);
    if (!domains.includes(ownDomain)) throw invalid('domains', 'Your own mail domain must stay in the list');
    const settings = mergeSettings(org.settings, change);
    await tx.organisations.update(org.id, { name, domains, settings });
    // Which fields changed; the switches that loosen or tighten who may do what, with their new value.
    const switches = { guestSendersAllowed: change.guestSendersAllowed, smsFactorAllowed: change.smsFactorAllowed };
    const values = Object.fromEntries(Object.entries(switches).filter(([, v]) => v !== undefined));
    await audit(tx, ctx.clock.now(), meta, { orgId: org.id, action: 'org.settings_changed', actor: staff.email, details: { fields, ...values } });
    return { ...org, name, domains, settings };
  });
}
