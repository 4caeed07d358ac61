import type { Organisation } from '../accounts/model.ts';
import type { TransferPolicy } from '../transfers/policy.ts';
import { agreementNames, type AgreementValues, type EffectiveAgreements, type InstallationAgreements, type OrgAgreements } from './model.ts';

/** The installation defaults: the transfer policy from configuration plus the agreements configuration has no setting for. */
export function installationAgreements(policy: TransferPolicy): InstallationAgreements {
  return {
    allowedMethods: [...policy.allowedMethods],
    defaultMethod: policy.defaultMethod,
    defaultExpiryDays: policy.defaultExpiryDays,
    maxExpiryDays: policy.maxExpiryDays,
    recipientScope: 'all',
    trustedDomains: [],
    guestRecipients: 'anyone',
    defaultLanguage: policy.defaultLanguage,
    hideFileNames: false,
    senderMayShowFileNames: true,
    deleteUnopenedAfterDays: 0,
    // No installation setting: any list only adds domains that must go securely, so an organisation only narrows.
    alwaysSecureDomains: [],
    // Keeping is the default: deleting records is the organisation's decision (and its legal duty to make).
    sentItemsRetentionDays: 0,
    auditRetentionDays: 0,
    // The installation's own limits (SENDER_QUOTA_BYTES, MAX_FILE_BYTES) apply anyway; these add organisation ones.
    storageQuotaMiB: 0,
    maxMessageMiB: 0,
    // Large attachments travel as links above 20 MiB: most mail systems refuse mails past 25 MiB.
    largeAttachmentMiB: 20,
    // The portal message is the stronger default: the PDF's password check is a fast hash (docs/gateway.md).
    gatewayRegisteredFormat: 'portal',
    gatewayNotifySender: true,
    gatewayNotifyDownloads: true,
    gatewayReplyFormat: 'clear',
    // The gateway is the safe default: it protects the mail even where the add-in cannot run (docs/outlook.md).
    addinSendingMode: 'gateway',
  };
}

/**
 * Every agreement's effective value with its source. An organisation's value applies where it set one; a value that
 * no longer fits the installation (its maximum expiry above a since-lowered installation maximum, a method the
 * installation stopped offering) is narrowed to what the installation allows, so the installation always bounds.
 */
export function effectiveAgreements(policy: TransferPolicy, org: Pick<Organisation, 'settings'> | undefined): EffectiveAgreements {
  const base = installationAgreements(policy);
  const own: OrgAgreements = org?.settings.agreements ?? {};
  const out = {} as Record<string, { value: unknown; source: 'installation' | 'organisation' }>;
  for (const name of agreementNames) {
    const mine = own[name];
    out[name] = mine === undefined ? { value: base[name], source: 'installation' } : { value: mine, source: 'organisation' };
  }
  const e = out as EffectiveAgreements;
  e.maxExpiryDays.value = Math.min(e.maxExpiryDays.value, base.maxExpiryDays);
  e.defaultExpiryDays.value = Math.min(e.defaultExpiryDays.value, e.maxExpiryDays.value);
  const methods = e.allowedMethods.value.filter((m) => base.allowedMethods.includes(m));
  e.allowedMethods.value = methods.length > 0 ? methods : base.allowedMethods;
  if (!e.allowedMethods.value.includes(e.defaultMethod.value)) {
    e.defaultMethod.value = e.allowedMethods.value.includes(base.defaultMethod) ? base.defaultMethod : (e.allowedMethods.value[0] ?? base.defaultMethod);
  }
  return e;
}

export function agreementValues(effective: EffectiveAgreements): AgreementValues {
  return Object.fromEntries(agreementNames.map((n) => [n, effective[n].value])) as unknown as AgreementValues;
}
