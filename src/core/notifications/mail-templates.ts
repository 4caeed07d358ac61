import { z } from 'zod';
import type { Block } from './blocks.ts';
import { formatBytes, formatDateTime, isValidTimeZone, toSubjectLine } from './format.ts';
import type { Language } from './languages.ts';
import type { Messages } from './messages.ts';

/** What a template builds; renderMail turns it into subject + HTML + text. */
export interface MailContent {
  subject: string;
  blocks: Block[];
}

export interface TemplateContext {
  t: Messages;
  lang: Language;
}

/**
 * A template = a vars schema + a builder. The schema validates vars at render time (they may come
 * from an outbox row as JSON, hence `z.coerce.date()`), and its input type is what callers pass.
 */
interface MailTemplate<S extends z.ZodType> {
  vars: S;
  build(vars: z.output<S>, context: TemplateContext): MailContent;
}

function defineMailTemplate<S extends z.ZodType>(template: MailTemplate<S>): MailTemplate<S> {
  return template;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const name = text(200);
const email = z.email().max(254);
// Normalised through URL so quotes and brackets arrive percent-encoded in both HTML and text.
const link = z.url({ protocol: /^https?$/ }).max(4000).transform((url) => new URL(url).href);
const code = z.string().regex(/^[A-Za-z0-9 -]{4,16}$/);
const minutes = z.number().int().positive().max(60 * 24 * 31);
const timeZone = z.string().refine(isValidTimeZone, 'unknown time zone').default('UTC');
const codeBlocks = (t: Messages, c: string, m: number): Block[] => [
  { kind: 'code', code: c },
  { kind: 'paragraph', text: t.codeValidity({ minutes: m }) },
  { kind: 'note', text: t.codeNotRequested() },
];

const senderVerificationCode = defineMailTemplate({
  vars: z.strictObject({ code, expiresInMinutes: minutes }),
  build: (v, { t }) => ({
    subject: t.senderCodeSubject(),
    blocks: [{ kind: 'paragraph', text: t.senderCodeIntro() }, ...codeBlocks(t, v.code, v.expiresInMinutes)],
  }),
});

const recipientVerificationCode = defineMailTemplate({
  vars: z.strictObject({ code, expiresInMinutes: minutes, senderName: name }),
  build: (v, { t }) => ({
    subject: t.recipientCodeSubject(v),
    blocks: [{ kind: 'paragraph', text: t.recipientCodeIntro(v) }, ...codeBlocks(t, v.code, v.expiresInMinutes)],
  }),
});

export const verificationMethods = ['account', 'sms-code', 'access-code', 'email-code', 'none'] as const;

function verifyHint(t: Messages, method: (typeof verificationMethods)[number], maskedPhone: string | undefined): string {
  switch (method) {
    case 'account': return t.verifyHintAccount();
    case 'sms-code': return t.verifyHintSmsCode({ maskedPhone: maskedPhone ?? '…' });
    case 'access-code': return t.verifyHintAccessCode();
    case 'email-code': return t.verifyHintEmailCode();
    case 'none': return t.verifyHintNone();
  }
}

const newMessage = defineMailTemplate({
  vars: z.strictObject({
    senderName: name,
    senderAddress: email,
    /** Notification subject the sender chose; the message's own subject is encrypted. */
    subject: text(500).optional(),
    /** Notification text the sender chose, shown as a quote. */
    customText: text(5000).optional(),
    files: z.array(z.strictObject({ name: text(255), size: z.number().int().nonnegative() })).max(10_000).default([]),
    hideFileNames: z.boolean().default(false),
    expiresAt: z.coerce.date(),
    link,
    verification: z.enum(verificationMethods),
    /** Masked phone number (see maskPhoneNumber) for the SMS hint. */
    maskedPhone: text(40).optional(),
    timeZone,
    /** The sending organisation's support contact (set by its admin); one of email, phone, url at least. */
    support: z
      .strictObject({ orgName: name, email: email.optional(), phone: text(40).optional(), url: link.optional() })
      .refine((s) => s.email ?? s.phone ?? s.url, 'a support contact needs an e-mail, phone or web address')
      .optional(),
  }),
  build: (v, { t, lang }) => {
    const blocks: Block[] = [{ kind: 'paragraph', text: t.newMessageIntro(v) }];
    if (v.subject) blocks.push({ kind: 'paragraph', text: t.subjectLine({ subject: toSubjectLine(v.subject) }) });
    if (v.customText) blocks.push({ kind: 'quote', text: v.customText });
    if (v.files.length > 0 && v.hideFileNames) {
      const totalSize = formatBytes(v.files.reduce((sum, f) => sum + f.size, 0), lang);
      blocks.push({ kind: 'paragraph', text: t.newMessageFilesHidden({ count: v.files.length, totalSize }) });
    } else if (v.files.length > 0) {
      const items = v.files.map((f) => `${f.name} (${formatBytes(f.size, lang)})`);
      blocks.push({ kind: 'list', heading: t.newMessageFiles({ count: v.files.length }), items });
    }
    blocks.push(
      { kind: 'button', label: t.newMessageButton(), url: v.link, fallback: t.linkFallback() },
      { kind: 'paragraph', text: verifyHint(t, v.verification, v.maskedPhone) },
      { kind: 'note', text: t.newMessageExpires({ date: formatDateTime(v.expiresAt, lang, v.timeZone) }) },
    );
    if (v.support) {
      const contact = [v.support.email, v.support.phone, v.support.url].filter(Boolean).join(' · ');
      blocks.push({ kind: 'note', text: t.supportContact({ orgName: v.support.orgName, contact }) });
    }
    return { subject: v.subject ? toSubjectLine(v.subject) : t.newMessageSubject(v), blocks };
  },
});

const recipientActivity = defineMailTemplate({
  vars: z.strictObject({ event: z.enum(['opened', 'downloaded']), recipient: name, subject: text(500).optional(), at: z.coerce.date(), link, timeZone }),
  build: (v, { t, lang }) => {
    const date = formatDateTime(v.at, lang, v.timeZone);
    const opened = v.event === 'opened';
    const blocks: Block[] = [{ kind: 'paragraph', text: opened ? t.activityOpened({ ...v, date }) : t.activityDownloaded({ ...v, date }) }];
    if (v.subject) blocks.push({ kind: 'paragraph', text: t.subjectLine({ subject: toSubjectLine(v.subject) }) });
    blocks.push({ kind: 'button', label: t.statusButton(), url: v.link, fallback: t.linkFallback() });
    return { subject: opened ? t.activityOpenedSubject(v) : t.activityDownloadedSubject(v), blocks };
  },
});

const lockoutNotice = defineMailTemplate({
  vars: z.strictObject({ recipient: name, subject: text(500).optional(), at: z.coerce.date(), link, timeZone }),
  build: (v, { t, lang }) => {
    const blocks: Block[] = [{ kind: 'paragraph', text: t.lockoutBody({ recipient: v.recipient, date: formatDateTime(v.at, lang, v.timeZone) }) }];
    if (v.subject) blocks.push({ kind: 'paragraph', text: t.subjectLine({ subject: toSubjectLine(v.subject) }) });
    blocks.push(
      { kind: 'paragraph', text: t.lockoutAction() },
      { kind: 'button', label: t.statusButton(), url: v.link, fallback: t.linkFallback() },
    );
    return { subject: t.lockoutSubject(v), blocks };
  },
});

const replyReceived = defineMailTemplate({
  vars: z.strictObject({ recipient: name, subject: text(500).optional(), link }),
  build: (v, { t }) => {
    const blocks: Block[] = [{ kind: 'paragraph', text: t.replyIntro(v) }];
    if (v.subject) blocks.push({ kind: 'paragraph', text: t.subjectLine({ subject: toSubjectLine(v.subject) }) });
    blocks.push({ kind: 'button', label: t.replyButton(), url: v.link, fallback: t.linkFallback() });
    return { subject: t.replySubject(v), blocks };
  },
});

const withdrawn = defineMailTemplate({
  vars: z.strictObject({ senderName: name, senderAddress: email, subject: text(500).optional() }),
  build: (v, { t }) => {
    const blocks: Block[] = [{ kind: 'paragraph', text: t.withdrawnBody(v) }];
    if (v.subject) blocks.push({ kind: 'paragraph', text: t.subjectLine({ subject: toSubjectLine(v.subject) }) });
    blocks.push({ kind: 'paragraph', text: t.withdrawnNote() });
    return { subject: t.withdrawnSubject(v), blocks };
  },
});

const staffInvitation = defineMailTemplate({
  vars: z.strictObject({ orgName: name, link, expiresAt: z.coerce.date(), timeZone }),
  build: (v, { t, lang }) => ({
    subject: t.invitationSubject(v),
    blocks: [
      { kind: 'paragraph', text: t.invitationIntro(v) },
      { kind: 'button', label: t.invitationButton(), url: v.link, fallback: t.linkFallback() },
      { kind: 'paragraph', text: t.invitationExpires({ date: formatDateTime(v.expiresAt, lang, v.timeZone) }) },
      { kind: 'note', text: t.invitationNotExpected() },
    ],
  }),
});

/** A registered recipient's e-mail code (docs/recipient-accounts.md): to set up the inbox, or to reset its password. */
const recipientAccountCode = defineMailTemplate({
  vars: z.strictObject({ code, expiresInMinutes: minutes, purpose: z.enum(['register', 'reset']) }),
  build: (v, { t }) => ({
    subject: v.purpose === 'register' ? t.accountCodeSubjectRegister() : t.accountCodeSubjectReset(),
    blocks: [{ kind: 'paragraph', text: v.purpose === 'register' ? t.accountCodeIntroRegister() : t.accountCodeIntroReset() }, ...codeBlocks(t, v.code, v.expiresInMinutes)],
  }),
});

/**
 * Instead of a code that could not be used: "you already have an inbox" (register) or "there is none" (reset). Only
 * the address's owner reads it, so the API's answer can stay the same for every address.
 */
const recipientAccountNotice = defineMailTemplate({
  vars: z.strictObject({ case: z.enum(['exists', 'missing']) }),
  build: (v, { t }) => ({
    subject: v.case === 'exists' ? t.accountExistsSubject() : t.accountMissingSubject(),
    blocks: [{ kind: 'paragraph', text: v.case === 'exists' ? t.accountExistsBody() : t.accountMissingBody() }],
  }),
});

/** To a sender with live messages to an address that just registered: later messages need no code. */
const recipientRegistered = defineMailTemplate({
  vars: z.strictObject({ recipient: name }),
  build: (v, { t }) => ({ subject: t.accountRegisteredSubject(v), blocks: [{ kind: 'paragraph', text: t.accountRegisteredBody(v) }] }),
});

/** To a sender whose messages a registered recipient's reset made unreadable, with the way to send them again. */
const recipientKeyLost = defineMailTemplate({
  vars: z.strictObject({ recipient: name, count: z.number().int().positive(), link }),
  build: (v, { t }) => ({
    subject: t.accountKeyLostSubject(v),
    blocks: [
      { kind: 'paragraph', text: t.accountKeyLostBody(v) },
      { kind: 'paragraph', text: t.accountKeyLostAction() },
      { kind: 'button', label: t.statusButton(), url: v.link, fallback: t.linkFallback() },
    ],
  }),
});

/** To a first-time recipient of a gateway mail that waits for them (docs/gateway/held-and-replies.md). */
const gatewayHeldRecipient = defineMailTemplate({
  vars: z.strictObject({ senderName: name, senderAddress: email, link, expiresAt: z.coerce.date(), timeZone }),
  build: (v, { t, lang }) => ({
    subject: t.heldRecipientSubject(v),
    blocks: [
      { kind: 'paragraph', text: t.heldRecipientIntro(v) },
      { kind: 'paragraph', text: t.heldRecipientAction() },
      { kind: 'button', label: t.heldRecipientButton(), url: v.link, fallback: t.linkFallback() },
      { kind: 'note', text: t.heldRecipientExpires({ date: formatDateTime(v.expiresAt, lang, v.timeZone) }) },
    ],
  }),
});

/** To the sender of a held mail: waiting, delivered, or deleted unread at expiry. */
const gatewayHeldSender = defineMailTemplate({
  vars: z.strictObject({ event: z.enum(['waiting', 'delivered', 'expired']), recipient: email, subject: text(500).optional(), expiresAt: z.coerce.date(), timeZone }),
  build: (v, { t, lang }) => {
    const date = formatDateTime(v.expiresAt, lang, v.timeZone);
    const [subject, body] =
      v.event === 'waiting' ? [t.heldSenderSubject(v), t.heldSenderBody({ recipient: v.recipient, date })]
      : v.event === 'delivered' ? [t.heldDeliveredSubject(v), t.heldDeliveredBody(v)]
      : [t.heldExpiredSubject(v), t.heldExpiredBody(v)];
    const blocks: Block[] = [{ kind: 'paragraph', text: body }];
    if (v.subject) blocks.push({ kind: 'paragraph', text: t.subjectLine({ subject: toSubjectLine(v.subject) }) });
    return { subject, blocks };
  },
});

/** How one recipient of a gateway mail got it (docs/gateway/portal.md, "Sender notes"). */
export const gatewayDeliveryFormats = ['smime', 'pgp', 'pdf', 'portal'] as const;

function gatewayLine(t: Messages, r: { recipient: string; format: (typeof gatewayDeliveryFormats)[number]; method?: string | undefined; maskedPhone?: string | undefined; accessCode?: string | undefined }): string {
  if (r.format === 'smime') return t.gatewayFormatSmime(r);
  if (r.format === 'pgp') return t.gatewayFormatPgp(r);
  if (r.format === 'pdf') return t.gatewayFormatPdf(r);
  switch (r.method) {
    case 'account': return t.gatewayPortalAccount(r);
    case 'sms': return t.gatewayPortalSms({ recipient: r.recipient, maskedPhone: r.maskedPhone ?? '…' });
    case 'code': return t.gatewayPortalCode({ recipient: r.recipient, code: r.accessCode ?? '…' });
    case 'none': return t.gatewayPortalNone(r);
    default: return t.gatewayPortalEmail(r);
  }
}

/** To a staff member after the gateway sent their mail protected: per recipient the format, and any code to pass on. */
const gatewaySent = defineMailTemplate({
  vars: z.strictObject({
    subject: text(500).optional(),
    recipients: z.array(z.strictObject({
      recipient: email,
      format: z.enum(gatewayDeliveryFormats),
      method: z.enum(['account', 'sms', 'code', 'email', 'none']).optional(),
      maskedPhone: text(40).optional(),
      accessCode: code.optional(),
    })).min(1).max(1000),
    /** The portal message's status page, when the mail went (partly) as a portal message. */
    link: link.optional(),
    notifyOnOpen: z.boolean().default(false),
  }),
  build: (v, { t }) => {
    const blocks: Block[] = [{ kind: 'paragraph', text: t.gatewaySentIntro() }];
    if (v.subject) blocks.push({ kind: 'paragraph', text: t.subjectLine({ subject: toSubjectLine(v.subject) }) });
    blocks.push({ kind: 'list', heading: t.gatewaySentHeading(), items: v.recipients.map((r) => gatewayLine(t, r)) });
    if (v.recipients.some((r) => r.accessCode)) blocks.push({ kind: 'paragraph', text: t.gatewayCodeAdvice() });
    if (v.notifyOnOpen) blocks.push({ kind: 'note', text: t.gatewayDownloadsNote() });
    if (v.link) blocks.push({ kind: 'button', label: t.statusButton(), url: v.link, fallback: t.linkFallback() });
    return { subject: v.subject ? t.gatewaySentSubject({ subject: toSubjectLine(v.subject) }) : t.gatewaySentSubjectNone(), blocks };
  },
});

/**
 * The gateway's mail to a registered recipient: the message itself is the encrypted PDF attached to it (src/smtp/out/
 * pdf-mail.ts); this text only says so, which password opens it, and where to reply. Subject: the mail's own.
 */
const gatewayPdf = defineMailTemplate({
  vars: z.strictObject({ subject: z.string().max(998), senderName: name, senderAddress: email, replyUrl: link }),
  build: (v, { t }) => ({
    subject: toSubjectLine(v.subject, 998),
    blocks: [
      { kind: 'paragraph', text: t.pdfMailIntro(v) },
      { kind: 'paragraph', text: t.pdfMailPassword() },
      { kind: 'button', label: t.pdfReplyButton(), url: v.replyUrl, fallback: t.linkFallback() },
      { kind: 'note', text: t.pdfMailForgotten() },
    ],
  }),
});

/** Every mail Sealpost sends. To add one: write it above with defineMailTemplate, add it here and its texts to Messages. */
export const mailTemplates = {
  senderVerificationCode,
  recipientVerificationCode,
  newMessage,
  recipientActivity,
  lockoutNotice,
  replyReceived,
  withdrawn,
  staffInvitation,
  recipientAccountCode,
  recipientAccountNotice,
  recipientRegistered,
  recipientKeyLost,
  gatewayHeldRecipient,
  gatewayHeldSender,
  gatewaySent,
  gatewayPdf,
};

export type MailTemplateName = keyof typeof mailTemplates;
export type MailTemplateVars<N extends MailTemplateName> = z.input<(typeof mailTemplates)[N]['vars']>;
