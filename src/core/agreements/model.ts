/**
 * Workplace agreements (issue 12, docs/agreements.md): the rules an organisation sets for what its senders may choose.
 * Each has an installation default (configuration); an organisation overrides any of them in its settings. Stored as
 * part of the organisation's settings (JSON), so absent fields simply mean "the installation's value".
 */
import type { NotificationLanguage, VerificationMethod } from '../transfers/model.ts';

/** `all`: secure mail to colleagues too; `external`: only to recipients outside the organisation and its trusted domains. */
export type RecipientScope = 'all' | 'external';
/** Whom a guest sender using the organisation's addresses may reach: anyone, or only the organisation (and trusted domains). */
export type GuestRecipients = 'anyone' | 'organisation';

/** What an organisation set; every field optional (absent = installation default). */
export interface OrgAgreements {
  allowedMethods?: VerificationMethod[] | undefined;
  defaultMethod?: VerificationMethod | undefined;
  defaultExpiryDays?: number | undefined;
  maxExpiryDays?: number | undefined;
  recipientScope?: RecipientScope | undefined;
  /** Partner domains that count as internal, beside the organisation's own domains. */
  trustedDomains?: string[] | undefined;
  guestRecipients?: GuestRecipients | undefined;
  defaultLanguage?: NotificationLanguage | undefined;
  /** Whether notifications hide file names unless the sender shows them. */
  hideFileNames?: boolean | undefined;
  /** Whether a sender may change the file-name choice (false: the default is the rule). */
  senderMayShowFileNames?: boolean | undefined;
  /** Messages no recipient opened (so no file downloaded) are deleted this many days after sending; 0: never. */
  deleteUnopenedAfterDays?: number | undefined;
  /** Recipient domains (subdomains included) that are always sent securely, wherever mail could go out in clear. */
  alwaysSecureDomains?: string[] | undefined;
  /** Sent-item records are deleted this many days after the message expired or was recalled; 0: kept. */
  sentItemsRetentionDays?: number | undefined;
  /** Audit entries older than this many days are pruned behind a checkpoint; 0: kept. At least the legal floor. */
  auditRetentionDays?: number | undefined;
  /** Total declared ciphertext of the staff's drafts and live messages, in MiB; 0: no organisation quota. */
  storageQuotaMiB?: number | undefined;
  /** Declared ciphertext of one message, in MiB; 0: no limit beyond the installation's. */
  maxMessageMiB?: number | undefined;
  /** Attachments above this size (MiB) leave the gateway and the add-in as download links; 0: never replaced. */
  largeAttachmentMiB?: number | undefined;
  /** How the gateway delivers to a registered recipient: a portal message to their key, or an encrypted PDF. */
  gatewayRegisteredFormat?: GatewayRegisteredFormat | undefined;
  /** The gateway mails the sender a note once a protected mail has left (with the code to pass on, if any). */
  gatewayNotifySender?: boolean | undefined;
  /** The sender is told when a recipient of a gateway mail downloads its attachments. */
  gatewayNotifyDownloads?: boolean | undefined;
  /** How a recipient's reply through the portal reaches the sender's mailbox through the gateway's next hop. */
  gatewayReplyFormat?: GatewayReplyFormat | undefined;
  /** How the Outlook add-in sends a mail marked secure: through the mail gateway, or encrypted by the add-in itself. */
  addinSendingMode?: AddinSendingMode | undefined;
}

/** `portal`: a portal message encrypted to the recipient's own key; `pdf`: an encrypted PDF with their PDF password. */
export type GatewayRegisteredFormat = 'portal' | 'pdf';
/** `clear`: the reply in clear over the internal relay; `smime`: encrypted to the sender's certificate (else held). */
export type GatewayReplyFormat = 'clear' | 'smime';
/**
 * `gateway`: Outlook sends the mail itself through Exchange to the Sealpost gateway, marked with a header;
 * `end-to-end`: the add-in encrypts and uploads the message through the client core and Sealpost notifies.
 */
export const addinSendingModes = ['gateway', 'end-to-end'] as const;
export type AddinSendingMode = (typeof addinSendingModes)[number];

/** The shortest audit retention an organisation may set (docs/agreements.md, "Retention"). */
export const AUDIT_RETENTION_FLOOR_DAYS = 180;

/** The installation's defaults for every agreement (from configuration, src/config/settings.ts). */
export interface InstallationAgreements {
  allowedMethods: VerificationMethod[];
  defaultMethod: VerificationMethod;
  defaultExpiryDays: number;
  maxExpiryDays: number;
  recipientScope: RecipientScope;
  trustedDomains: string[];
  guestRecipients: GuestRecipients;
  defaultLanguage: NotificationLanguage;
  hideFileNames: boolean;
  senderMayShowFileNames: boolean;
  deleteUnopenedAfterDays: number;
  alwaysSecureDomains: string[];
  sentItemsRetentionDays: number;
  auditRetentionDays: number;
  storageQuotaMiB: number;
  maxMessageMiB: number;
  largeAttachmentMiB: number;
  gatewayRegisteredFormat: GatewayRegisteredFormat;
  gatewayNotifySender: boolean;
  gatewayNotifyDownloads: boolean;
  gatewayReplyFormat: GatewayReplyFormat;
  addinSendingMode: AddinSendingMode;
}

export type AgreementName = keyof InstallationAgreements;
export const agreementNames: readonly AgreementName[] = [
  'allowedMethods', 'defaultMethod', 'defaultExpiryDays', 'maxExpiryDays', 'recipientScope', 'trustedDomains',
  'guestRecipients', 'defaultLanguage', 'hideFileNames', 'senderMayShowFileNames', 'deleteUnopenedAfterDays',
  'alwaysSecureDomains', 'sentItemsRetentionDays', 'auditRetentionDays', 'storageQuotaMiB', 'maxMessageMiB',
  'largeAttachmentMiB', 'gatewayRegisteredFormat', 'gatewayNotifySender', 'gatewayNotifyDownloads', 'gatewayReplyFormat',
  'addinSendingMode',
];

export type AgreementSource = 'installation' | 'organisation';

/** The value that applies, and where it comes from: shown to admins next to every setting. */
export type EffectiveAgreements = { [K in AgreementName]: { value: InstallationAgreements[K]; source: AgreementSource } };

/** The agreement values alone, as the send path reads them. */
export type AgreementValues = InstallationAgreements;
