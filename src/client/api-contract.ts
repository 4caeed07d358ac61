import { z } from 'zod';

/**
 * The transfer API's request and response bodies. These zod schemas ARE the contract: the routes
 * validate with them, the OpenAPI document is generated from them and the client core (CLI, web app,
 * gateway, add-in) imports their types. Every object is strict: unknown fields are rejected, not ignored.
 *
 * It lives in the client core, not in src/http, because it is what the core speaks and the server answers:
 * both sides import it. It is a leaf (zod only), so src/http may import this one file of src/client and
 * nothing else of it (eslint enforces both rules).
 */

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
const secret32 = base64url.length(43);
const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');
export const publicId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'must be an id');
const email = z.email().max(254).transform((v) => v.toLowerCase());
const isoDate = z.iso.datetime();
const lang = z.enum(['de', 'nl', 'en']);
/** `account`: a registered recipient, whose own key the message identity is wrapped to (docs/recipient-accounts.md). */
const method = z.enum(['account', 'sms', 'code', 'email', 'none']);
/** An age identity wrapped or encrypted for someone: ciphertext only. */
const wrapped = base64url.max(4096);
const ageRecipient = z.string().regex(/^age1[02-9ac-hj-np-z]+$/, 'must be an age recipient (age1…)').max(4096);
/** A registered recipient's key as a sender wraps to it: X25519 (age1…) or the post-quantum hybrid (age1pq1…). */
const accountRecipient = z.string().regex(/^age1(pq1)?[02-9ac-hj-np-z]+$/, 'must be an age recipient (age1…)').max(4096);

// ---- server information ----------------------------------------------------------------------------
export const serverInfo = z.object({
  version: z.string(),
  publicUrl: z.string(),
  defaultExpiryDays: z.number().int(),
  maxExpiryDays: z.number().int(),
  maxFileBytes: z.number().int(),
  maxFilesPerTransfer: z.number().int(),
  allowedMethods: z.array(method),
  defaultMethod: method,
  uploadPath: z.string(),
});

/** The choices the sender's workplace agreements leave when composing (GET /api/sender/agreements, docs/agreements.md). */
export const senderAgreements = z.object({
  allowedMethods: z.array(method),
  defaultMethod: method,
  defaultExpiryDays: z.number().int(),
  maxExpiryDays: z.number().int(),
  recipientScope: z.enum(['all', 'external']),
  defaultLanguage: lang,
  /** Whether the organisation chose the notification language (else clients may default to the sender's own). */
  defaultLanguageSource: z.enum(['installation', 'organisation']),
  hideFileNames: z.boolean(),
  senderMayShowFileNames: z.boolean(),
  /** Recipient domains always sent securely: clients that could send in clear (add-in, gateway) must not. */
  alwaysSecureDomains: z.array(z.string()),
  /** Attachments above this size (MiB) leave an encrypted mail as download links; 0: never (the add-in reads it). */
  largeAttachmentMiB: z.number().int(),
  /** How the Outlook add-in sends a mail marked secure: through the mail gateway, or end to end (docs/outlook.md). */
  addinSendingMode: z.enum(['gateway', 'end-to-end']),
});

// ---- guest sender verification ----------------------------------------------------------------------
export const senderCodeRequest = z.object({ email, lang: lang.optional() }).strict();
export const senderCodeResponse = z.object({ sent: z.literal(true), expiresInSeconds: z.number().int() });

export const senderSessionRequest = z
  .object({ email, code: z.string().regex(/^\d{6,10}$/, 'must be the digits from the e-mail'), publicKey: ageRecipient })
  .strict();
export const senderSession = z.object({ token: z.string(), email: z.string(), expiresAt: isoDate });
export const senderMe = z.object({ email: z.string(), expiresAt: isoDate, publicKey: z.string() });

export const recipientPreferenceQuery = z.object({ email }).strict();
export const recipientPreference = z.object({
  email: z.string(),
  method,
  maskedPhone: z.string().nullable(),
  lang,
  /** directory: the organisation's recipient directory (staff; the number masked); sender: this sender's last message. */
  source: z.enum(['directory', 'sender']),
  /**
   * The remembered access code, sealed on a device (base64url age file; the server cannot open it): with source
   * `directory` to the organisation key, with `sender` to this sender's personal key. Null when none is on file.
   */
  codeSealed: wrapped.nullable(),
});

// ---- compose and send ---------------------------------------------------------------------------------
export const newRecipient = z
  .object({
    email,
    field: z.enum(['to', 'cc']).default('to'),
    lang: lang.optional(),
    /** Omitted: the method remembered for this address, else the server default. */
    method: method.optional(),
    /** For sms: a phone number in any common notation; omitted = the number remembered for this address. */
    phone: z.string().min(3).max(40).optional(),
    /** Method code, staff with rememberInDirectory: the code sealed to the organisation key (docs/directory.md). */
    codeSealed: wrapped.optional(),
    /** Method code: the code sealed to the sender's own personal key, remembered for this sender only. */
    ownCodeSealed: wrapped.optional(),
  })
  .strict();

export const createTransferRequest = z
  .object({
    recipients: z.array(newRecipient).min(1).max(100),
    /** Ciphertext sizes (age format), known before upload. */
    files: z.array(z.object({ size: z.number().int().min(1) }).strict()).max(1000),
    expiresInDays: z.number().int().min(1).optional(),
    notifyOnOpen: z.boolean().default(false),
    maxDownloads: z.number().int().min(1).max(1000).nullable().default(null),
    /** Staff only: remember each recipient's verification in the organisation's directory (docs/directory.md). */
    rememberInDirectory: z.boolean().default(false),
    /** Ids of the security-notice rules whose notices fired on the device; recipients must meet their minVerification. */
    noticeRuleIds: z.array(z.string().min(1).max(100)).max(200).optional(),
    /**
     * Answer securely (docs/recipient-inbox.md): the id of one of your own messages, root or follow-up; the new message
     * continues that conversation. Another sender's id is 404.
     */
    threadOf: publicId.optional(),
  })
  .strict();

export const createdFile = z.object({ id: publicId, slot: z.number().int(), size: z.number().int(), uploadUrl: z.string() });
export const createdRecipient = z.object({
  id: publicId,
  email: z.string(),
  field: z.enum(['to', 'cc']),
  lang,
  method,
  maskedPhone: z.string().nullable(),
});
export const createTransferResponse = z.object({
  id: publicId,
  expiresAt: isoDate,
  files: z.array(createdFile),
  recipients: z.array(createdRecipient),
});

export const sendRecipient = z
  .object({
    id: publicId,
    /** Every method but `account` (required there; absent for `account`, whose wrap needs no server share). */
    serverShare: secret32.optional(),
    /** The message identity wrapped for the recipient: under link secret + server share, or (`account`) an age file to their key. */
    wrappedIdentity: wrapped,
    /**
     * `account` only (required there): the account key the sender's client checked against the key log and wrapped to.
     * The server refuses it (409 SP_ERR_RECIPIENT_KEY_CHANGED) unless it is the account's current key.
     */
    accountKey: accountRecipient.optional(),
    /** base64url digest of the verifier the recipient presents: from the access code (code method, required) or the link secret (none, required). */
    codeVerifierDigest: secret32.optional(),
    /** Only so the server can mail the notification; sealed in the outbox and erased once delivered. Never for `account`. */
    linkSecret: secret32.optional(),
  })
  .strict();

/**
 * Text that ends up in a mail header (the sender's display name, the subject). Line breaks and other control
 * or direction-override characters (a tab is fine: headers allow it) are refused here: the mailer would refuse them later anyway, and by then
 * the notification could only fail, after the sender was told it was sent.
 */
const headerText = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/, 'must be one line without control characters');

/** What the notification mail may say. Transient: rendered into the sealed mail, never stored. */
export const notificationContent = z
  .object({
    senderName: headerText(120).optional(),
    subject: headerText(300).optional(),
    text: z.string().max(5000).optional(),
    files: z.array(z.object({ name: z.string().max(500), size: z.number().int().min(0) }).strict()).max(1000).optional(),
  })
  .strict();

export const sendTransferRequest = z
  .object({
    manifest: base64.max(16 * 1024 * 1024),
    ownerWrappedIdentity: wrapped,
    recipients: z.array(sendRecipient).min(1),
    notify: z.boolean().default(true),
    notification: notificationContent.default({}),
    /** Ids of the security-notice rules whose notices fired on the device; recipients must meet their minVerification. */
    noticeRuleIds: z.array(z.string().min(1).max(100)).max(200).optional(),
  })
  .strict();

// ---- sent items -----------------------------------------------------------------------------------------
export const recipientView = createdRecipient.extend({
  state: z.enum(['pending', 'notified', 'opened', 'withdrawn', 'expired', 'locked']),
  notifiedAt: isoDate.nullable(),
  firstOpenedAt: isoDate.nullable(),
  lastVerifiedAt: isoDate.nullable(),
  recalledAt: isoDate.nullable(),
  lockedUntil: isoDate.nullable(),
  /**
   * `account` only: when the recipient's password reset replaced the key this was wrapped to, so their inbox cannot
   * open it; a resend (POST …/resend with material for their new key) clears it. Null otherwise.
   */
  keyLostAt: isoDate.nullable(),
  downloads: z.array(z.object({ fileId: publicId, at: isoDate })),
  /**
   * The notification mail: queued (or retrying), sent, or failed — the outbox gave up, so the recipient was
   * not notified (`reason`: invalid | address | rejected). Null when the sender delivers the link (notify false).
   */
  notification: z
    .discriminatedUnion('status', [
      z.object({ status: z.enum(['queued', 'sent']) }),
      z.object({ status: z.literal('failed'), reason: z.enum(['invalid', 'address', 'rejected']) }),
    ])
    .nullable(),
});

const transferViewBase = z.object({
  id: publicId,
  status: z.enum(['draft', 'sent', 'recalled', 'expired']),
  senderEmail: z.string(),
  createdAt: isoDate,
  sentAt: isoDate.nullable(),
  expiresAt: isoDate,
  recalledAt: isoDate.nullable(),
  contentDeleted: z.boolean(),
  /** Decrypt with the identity in ownerWrappedIdentity (wrapped to your personal key). */
  manifest: z.string().nullable(),
  ownerWrappedIdentity: z.string().nullable(),
  files: z.array(z.object({ id: publicId, slot: z.number().int(), size: z.number().int(), complete: z.boolean() })),
});

export const threadEntryView = z.object({
  id: publicId,
  sentAt: isoDate.nullable(),
  recipients: z.array(z.string()),
  status: z.enum(['draft', 'sent', 'recalled', 'expired']),
});

export const replyView = transferViewBase.extend({ fromRecipientId: publicId.nullable() });

export const transferView = transferViewBase.extend({
  /** The latest expiry the sender may set (the installation's maximum, counted from composing). */
  latestExpiresAt: isoDate,
  notifyOnOpen: z.boolean(),
  maxDownloads: z.number().int().nullable(),
  readStatus: z.object({ state: z.enum(['none', 'some', 'all']), opened: z.number().int(), total: z.number().int() }),
  recipients: z.array(recipientView),
  replies: z.array(replyView),
  /** The conversation this message is part of (root and follow-ups, yours only), oldest first; empty when it stands alone. */
  thread: z.array(threadEntryView),
});

export const transferList = z.object({ items: z.array(transferView) });
export const recallRequest = z.object({ recipientId: publicId.optional() }).strict();
/**
 * A recipient's notification sent again: new key material made on the sender's device (the old link stops working),
 * and what the new notification may say.
 */
export const resendRequest = sendRecipient
  .omit({ id: true })
  .extend({
    /** Every method but `account` (whose notification links to the inbox, with no secret). */
    linkSecret: secret32.optional(),
    notification: notificationContent.default({}),
    /** A new verification method (the key material is made for it); omitted: unchanged. */
    method: method.optional(),
    /** For sms: a new number; omitted = the recipient's current number. */
    phone: z.string().min(3).max(40).optional(),
  })
  .strict();
/** A new expiry (UTC, `…Z`): after now and no later than the message's `latestExpiresAt`. */
export const expiryRequest = z.object({ expiresAt: isoDate }).strict();

export const auditEventView = z.object({
  at: isoDate,
  action: z.string(),
  recipientId: z.string().nullable(),
  actor: z.string(),
  clientAddress: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const auditList = z.object({ events: z.array(auditEventView) });

// ---- recipients -------------------------------------------------------------------------------------------
export const recipientLanding = z.object({
  transferId: publicId,
  recipientId: publicId,
  senderEmail: z.string(),
  email: z.string(),
  lang,
  method,
  maskedPhone: z.string().nullable(),
  state: z.enum(['active', 'withdrawn', 'expired', 'locked']),
  expiresAt: isoDate,
  lockedUntil: isoDate.nullable(),
  fileCount: z.number().int(),
});

export const recipientCodeResponse = z.object({
  channel: z.enum(['sms', 'email']),
  destination: z.string(),
  expiresInSeconds: z.number().int(),
});

export const verifyRequest = z
  .object({
    /** The digits from the SMS or e-mail (sms/email methods). */
    code: z.string().regex(/^\d{6,10}$/, 'must be the digits you received').optional(),
    /** base64url verifier: from the access code with Argon2id (code method), or from the link secret (link-only, method none). */
    verifier: secret32.optional(),
  })
  .strict();

export const verifyResponse = z.object({
  token: z.string(),
  expiresAt: isoDate,
  transferId: publicId,
  serverShare: secret32,
  wrappedIdentity: z.string(),
  manifest: z.string(),
  files: z.array(z.object({ id: publicId, slot: z.number().int(), size: z.number().int() })),
  /** The sender's personal key, so a reply can be encrypted to them. */
  senderPublicKey: z.string(),
  /** For a message that came through the mail gateway: its key, so a reply also reaches the sender's mailbox. */
  gatewayPublicKey: z.string().nullable().optional(),
  senderEmail: z.string(),
  messageExpiresAt: isoDate,
});

export const createReplyRequest = z
  .object({ files: z.array(z.object({ size: z.number().int().min(1) }).strict()).max(1000) })
  .strict();
export const createReplyResponse = z.object({ id: publicId, files: z.array(createdFile) });
export const sendReplyRequest = z
  .object({
    manifest: base64.max(16 * 1024 * 1024),
    ownerWrappedIdentity: wrapped,
    /** Required for (and only for) a reply to a message that came through the mail gateway. */
    gatewayWrappedIdentity: wrapped.optional(),
  })
  .strict();
export const sendReplyResponse = z.object({ id: publicId, status: z.literal('sent') });

export type ServerInfo = z.infer<typeof serverInfo>;
export type SenderAgreements = z.infer<typeof senderAgreements>;
export type CreateTransferRequest = z.input<typeof createTransferRequest>;
export type CreateTransferResponse = z.infer<typeof createTransferResponse>;
export type SendTransferRequest = z.input<typeof sendTransferRequest>;
export type ResendRequest = z.input<typeof resendRequest>;
export type TransferView = z.infer<typeof transferView>;
export type RecipientLanding = z.infer<typeof recipientLanding>;
export type VerifyResponse = z.infer<typeof verifyResponse>;

// ---- registered recipients and the key log (docs/recipient-accounts.md) ---------------------------------
/** The identity wrapped under the password on the device (src/crypto/personal-key.ts): ciphertext only. */
const passwordWrapped = base64url.max(8192);
const password = z.string().min(1).max(1024);
const totpCode = z.string().regex(/^\d{6}$/, 'must be 6 digits');
const emailCode = z.string().trim().regex(/^\d{4,10}$/, 'must be digits');
/** An account key: the same schema as a sender's `accountKey` (about 2 000 characters for the hybrid). */
const accountKey = accountRecipient;

export const recipientAccountCodeRequest = z.object({ email, lang, purpose: z.enum(['register', 'reset']) }).strict();
export const recipientAccountCodeResponse = z.object({ expiresInSeconds: z.number().int() });
export const recipientAccountView = z.object({
  email: z.string(),
  publicKey: z.string(),
  createdAt: isoDate,
  keyCreatedAt: isoDate,
  hasSecondFactor: z.boolean(),
  lang,
});
export const recipientAccountRegisterRequest = z
  .object({ email, code: emailCode, password, publicKey: accountKey, wrappedIdentity: passwordWrapped, lang })
  .strict();
export const recipientAccountSession = z.object({ token: z.string(), expiresAt: isoDate, account: recipientAccountView });
export const recipientAccountSignInRequest = z.object({ email, password, totp: totpCode.optional() }).strict();
export const recipientAccountSignInResponse = recipientAccountSession.extend({ wrappedIdentity: z.string() });
/** `pdfPassword`: whether PDF password material is stored (docs/gateway/pdf.md); the material is never returned. */
export const recipientAccountMe = z.object({ account: recipientAccountView.extend({ pdfPassword: z.boolean() }) });
/**
 * The PDF password's material, computed on the device (src/crypto/pdf-r6.ts pdfPasswordMaterial): base64url without
 * padding of the 48-byte /U and the 32-byte K_UE. Never the password.
 */
export const recipientPdfPasswordRequest = z
  .object({ u: z.string().regex(/^[A-Za-z0-9_-]{64}$/, '48 bytes, base64url'), ueKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, '32 bytes, base64url') })
  .strict();
/** Passkey sign-in: the session plus the identity's PRF wrap, its PRF input and the credential id (docs/recipient-accounts.md "Passkeys"). */
export const recipientPasskeySignInResponse = recipientAccountSession.extend({ prf: z.object({ credentialId: z.string(), salt: z.string(), wrapped: z.string() }) });
/** Adding or removing a passkey: the password again unless the session began within the last 10 minutes. */
export const recipientPasskeyReauth = z.object({ password: password.optional() }).strict();
export const recipientAccountEmail = email;
export const recipientAccountTotpSetup = z.object({ secret: z.string(), otpauthUri: z.string() });
export const recipientAccountTotpConfirm = z.object({ code: totpCode }).strict();
export const recipientInboxItem = z.object({
  recipientId: publicId,
  transferId: publicId,
  senderEmail: z.string(),
  sentAt: isoDate,
  expiresAt: isoDate,
  state: z.enum(['active', 'locked', 'withdrawn', 'expired']),
  /** account: opens with the account's key; link: sent with another method, opens through its e-mail; lost: a reset replaced the key. */
  opensWith: z.enum(['account', 'link', 'lost']),
  /** The conversation the message belongs to: its root's id, or its own id when it starts one or stands alone. */
  threadId: publicId,
});
export const recipientInbox = z.object({ items: z.array(recipientInboxItem) });
/** POST /api/recipient-account/messages/:rid/open: the verification's answer without a server share. */
export const recipientAccountOpenResponse = verifyResponse.omit({ serverShare: true });
export const recipientAccountResetRequest = z
  .object({ email, code: emailCode, totp: totpCode.optional(), password, publicKey: accountKey, wrappedIdentity: passwordWrapped })
  .strict();
export const lostMessage = z.object({ recipientId: publicId, transferId: publicId, senderEmail: z.string(), sentAt: isoDate });
export const recipientAccountResetResponse = recipientAccountSession.extend({ lost: z.array(lostMessage) });

export const keyLogEntry = z.object({
  seq: z.number().int().min(1),
  emailHash: z.string(),
  publicKey: z.string(),
  event: z.enum(['registered', 'reset']),
  at: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
const checkpoint = z.object({ seq: z.number().int().min(1), hash: z.string() });
export const keyLogQuery = z
  .object({ after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0), limit: z.coerce.number().int().min(1).max(1000).default(1000) })
  .strict();
export const keyLogPage = z.object({ entries: z.array(keyLogEntry), size: z.number().int(), head: checkpoint.nullable() });
export const recipientKeyResponse = z.discriminatedUnion('registered', [
  z.object({ registered: z.literal(false) }),
  z.object({ registered: z.literal(true), publicKey: z.string(), seq: z.number().int().min(1), keyCreatedAt: isoDate }),
]);

export type RecipientAccountView = z.infer<typeof recipientAccountView>;
export type RecipientAccountSession = z.infer<typeof recipientAccountSession>;
export type RecipientAccountSignInResponse = z.infer<typeof recipientAccountSignInResponse>;
export type RecipientInboxItem = z.infer<typeof recipientInboxItem>;
export type RecipientPasskeySignInResponse = z.infer<typeof recipientPasskeySignInResponse>;
export type RecipientAccountOpenResponse = z.infer<typeof recipientAccountOpenResponse>;
export type RecipientAccountResetResponse = z.infer<typeof recipientAccountResetResponse>;
export type KeyLogPage = z.infer<typeof keyLogPage>;
export type RecipientKeyResponse = z.infer<typeof recipientKeyResponse>;
