/**
 * The installation's one organisation. Organisations do not exist yet: every chain is keyed by an organisation
 * id, and until accounts arrive that id is this constant. The later work supplies the real id per request.
 */
export const DEFAULT_ORG_ID = 'default';

/** What can be audited. Add a name here, then call `audit()` (src/core/audit/audit.ts); nothing else is needed. */
export type AuditAction =
  | 'sender.code_requested'
  | 'sender.verified'
  | 'sender.verification_failed'
  | 'sender.guest_refused'
  | 'transfer.created'
  | 'transfer.refused'
  | 'transfer.sent'
  | 'transfer.notified'
  | 'transfer.recalled'
  | 'transfer.expiry_changed'
  | 'transfer.notification_resent'
  | 'transfer.expired'
  | 'transfer.content_deleted'
  | 'recipient.code_requested'
  | 'recipient.verification_failed'
  | 'recipient.locked'
  | 'recipient.unlocked'
  | 'recipient.method_changed'
  | 'recipient.key_released'
  | 'recipient.opened'
  | 'recipient_account.code_requested'
  | 'recipient_account.registered'
  | 'recipient_account.register_failed'
  | 'recipient_account.signed_in'
  | 'recipient_account.sign_in_failed'
  | 'recipient_account.locked'
  | 'recipient_account.signed_out'
  | 'recipient_account.totp_enrolled'
  | 'recipient_account.totp_enrolment_failed'
  | 'recipient_account.reset'
  | 'recipient_account.reset_failed'
  | 'recipient_account.passkey_added'
  | 'recipient_account.passkey_registration_failed'
  | 'recipient_account.passkey_removed'
  | 'recipient_account.passkey_signed_in'
  | 'recipient_account.passkey_clone_suspected'
  | 'recipient_account.pdf_password_set'
  | 'recipient_account.pdf_password_removed'
  | 'file.uploaded'
  | 'file.downloaded'
  | 'reply.sent'
  | 'gateway.held'
  | 'gateway.released'
  | 'gateway.hold_expired'
  | 'gateway.reply_relayed'
  | 'policy.security_notice_rules_replaced'
  | 'admin.outbox_retried'
  | 'org.created'
  | 'org.settings_changed'
  | 'org.agreements_changed'
  | 'org.logo_changed'
  | 'org.session_revoked'
  | 'org.key_recovery_changed'
  | 'audit.exported'
  | 'audit.pruned'
  | 'transfer.records_deleted'
  | 'account.invited'
  | 'account.invitation_accepted'
  | 'account.signed_in'
  | 'account.sign_in_failed'
  | 'account.locked'
  | 'account.unlocked'
  | 'account.signed_out'
  | 'account.signed_out_everywhere'
  | 'account.session_ended'
  | 'account.totp_enrolled'
  | 'account.totp_enrolment_failed'
  | 'account.recovery_codes_regenerated'
  | 'account.reauthenticated'
  | 'account.reauthentication_failed'
  | 'account.role_changed'
  | 'account.disabled'
  | 'account.enabled'
  | 'account.factor_reset'
  | 'account.key_stored'
  | 'account.key_escrowed'
  | 'account.archived_keys_read'
  | 'account.key_restored'
  | 'account.passkey_added'
  | 'account.passkey_registration_failed'
  | 'account.passkey_renamed'
  | 'account.passkey_removed'
  | 'account.passkey_clone_suspected'
  | 'account.passkey_prf_wraps_cleared'
  | 'account.token_created'
  | 'account.token_revoked'
  | 'account.token_use_failed'
  | 'account.cli_sign_in_approved'
  | 'account.cli_sign_in_denied'
  | 'account.sms_enrolment_started'
  | 'account.sms_enrolment_failed'
  | 'account.sms_enrolled'
  | 'account.sms_removed'
  | 'account.sms_code_sent'
  | 'sso.configured'
  | 'sso.removed'
  | 'sso.started'
  | 'sso.refused'
  | 'sso.user_provisioned'
  | 'sso.subject_bound'
  | 'directory.entry_saved'
  | 'directory.entry_removed'
  | 'directory.exported'
  | 'directory.imported'
  | 'directory.import_refused'
  | 'directory.org_key_created'
  | 'directory.org_key_wrapped'
  | 'directory.org_key_wrap_removed'
  | 'directory.org_key_rotated'
  | 'directory.keys_imported'
  | 'directory.key_harvested'
  | 'directory.key_approved'
  | 'directory.key_rejected'
  | 'directory.key_removed';

/** One audited event as the domain reads it back. */
export interface AuditEvent {
  id: string;
  at: Date;
  action: AuditAction;
  transferId: string | null;
  recipientId: string | null;
  /** Who acted: a sender address, 'recipient:<id>', 'admin', or 'system'. */
  actor: string;
  clientAddress: string | null;
  /** Non-secret detail (counts, reasons). Never codes, keys or content. */
  details: Record<string, unknown>;
}

/** An event to append to an organisation's chain; the repository assigns its place (seq, prev, hash). */
export interface AuditDraft extends AuditEvent {
  orgId: string;
}

/** An entry as stored in the chain: `body` is the exact canonical JSON that `hash` covers (docs/audit.md). */
export interface ChainedAuditEntry {
  orgId: string;
  seq: number;
  hash: string;
  body: string;
}

/** The newest entry of a chain: what an auditor notes down to detect later truncation. */
export interface AuditHead {
  seq: number;
  hash: string;
}
