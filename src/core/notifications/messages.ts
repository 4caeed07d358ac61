import { formatMessage, type MessageValues } from '../text/message-format.ts';

type NoValues = Record<never, never>;

/**
 * Every text a notification uses: each key with the values its message takes. A language's catalog holds one ICU
 * message per key (`satisfies Catalog`), so a missing translation fails the type check; catalogs.test.ts checks
 * syntax, arguments and plural forms of every language. Messages are plain text: escaping happens when blocks
 * are rendered. The formatter is the one the web app uses (src/core/text/message-format.ts).
 */
export interface MessageValuesOf {
  footer: NoValues;
  codeValidity: { minutes: number };
  codeNotRequested: NoValues;
  linkFallback: NoValues;
  subjectLine: { subject: string };

  senderCodeSubject: NoValues;
  senderCodeIntro: NoValues;

  recipientCodeSubject: { senderName: string };
  recipientCodeIntro: { senderName: string };

  newMessageSubject: { senderName: string };
  newMessageIntro: { senderName: string; senderAddress: string };
  newMessageFiles: { count: number };
  newMessageFilesHidden: { count: number; totalSize: string };
  newMessageExpires: { date: string };
  newMessageButton: NoValues;
  verifyHintEmailCode: NoValues;
  verifyHintSmsCode: { maskedPhone: string };
  verifyHintAccessCode: NoValues;
  verifyHintAccount: NoValues;
  verifyHintNone: NoValues;

  activityOpenedSubject: { recipient: string };
  activityDownloadedSubject: { recipient: string };
  activityOpened: { recipient: string; date: string };
  activityDownloaded: { recipient: string; date: string };
  statusButton: NoValues;

  lockoutSubject: { recipient: string };
  lockoutBody: { recipient: string; date: string };
  lockoutAction: NoValues;

  supportContact: { orgName: string; contact: string };

  invitationSubject: { orgName: string };
  invitationIntro: { orgName: string };
  invitationButton: NoValues;
  invitationExpires: { date: string };
  invitationNotExpected: NoValues;

  replySubject: { recipient: string };
  replyIntro: { recipient: string };
  replyButton: NoValues;

  withdrawnSubject: { senderName: string };
  withdrawnBody: { senderName: string; senderAddress: string };
  withdrawnNote: NoValues;

  smsCode: { code: string; minutes: number };

  accountCodeSubjectRegister: NoValues;
  accountCodeIntroRegister: NoValues;
  accountCodeSubjectReset: NoValues;
  accountCodeIntroReset: NoValues;
  accountRegisteredSubject: { recipient: string };
  accountRegisteredBody: { recipient: string };
  accountKeyLostSubject: { recipient: string };
  accountKeyLostBody: { recipient: string; count: number };
  accountKeyLostAction: NoValues;
  accountExistsSubject: NoValues;
  accountExistsBody: NoValues;
  accountMissingSubject: NoValues;
  accountMissingBody: NoValues;

  heldRecipientSubject: { senderName: string };
  heldRecipientIntro: { senderName: string; senderAddress: string };
  heldRecipientAction: NoValues;
  heldRecipientButton: NoValues;
  heldRecipientExpires: { date: string };
  heldSenderSubject: { recipient: string };
  heldSenderBody: { recipient: string; date: string };
  heldDeliveredSubject: { recipient: string };
  heldDeliveredBody: { recipient: string };
  heldExpiredSubject: { recipient: string };
  heldExpiredBody: { recipient: string };
  gatewayReplySubject: { subject: string };
  /** The gateway's block of large files in a protected mail (src/smtp/out/inner-mime.ts). */
  gatewayLinksHeading: { count: number };
  gatewaySentSubject: { subject: string };
  gatewaySentSubjectNone: NoValues;
  gatewaySentIntro: NoValues;
  gatewaySentHeading: NoValues;
  gatewayFormatSmime: { recipient: string };
  gatewayFormatPgp: { recipient: string };
  gatewayFormatPdf: { recipient: string };
  gatewayPortalAccount: { recipient: string };
  gatewayPortalSms: { recipient: string; maskedPhone: string };
  gatewayPortalCode: { recipient: string; code: string };
  gatewayPortalEmail: { recipient: string };
  gatewayPortalNone: { recipient: string };
  gatewayCodeAdvice: NoValues;
  gatewayDownloadsNote: NoValues;
  pdfMailIntro: { senderName: string; senderAddress: string };
  pdfMailPassword: NoValues;
  pdfMailForgotten: NoValues;
  pdfReplyButton: NoValues;
  pdfReplyIntro: NoValues;
  pdfHeaderFrom: NoValues;
  pdfHeaderTo: NoValues;
  pdfHeaderCc: NoValues;
  pdfHeaderDate: NoValues;
  pdfHeaderSubject: NoValues;
  pdfAttachments: { count: number };
  pdfLargeFiles: { count: number };
  pdfNoText: NoValues;
}

export type MessageKey = keyof MessageValuesOf;

/** One language's ICU messages, e.g. `codeValidity: 'valid for {minutes, plural, one {# minute} other {# minutes}}'`. */
export type Catalog = Readonly<Record<MessageKey, string>>;

/** A catalog bound to its locale: one typed function per message, as the templates call them. */
export type Messages = {
  [K in MessageKey]: keyof MessageValuesOf[K] extends never ? () => string : (values: MessageValuesOf[K]) => string;
};

/** Binds a catalog to a locale (e.g. `de-DE`: plural rules and number format). */
export function bindCatalog(locale: string, catalog: Catalog): Messages {
  const entries = Object.entries(catalog).map(([key, source]) => [key, (values?: object) => formatMessage(locale, source, values as MessageValues | undefined)]);
  return Object.fromEntries(entries) as Messages;
}
