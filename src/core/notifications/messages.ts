/**
 * Every text a notification uses, as typed functions. Each language file must implement all of them
 * (`satisfies Messages`), so a missing translation fails the type check; catalogs.test.ts checks the
 * same at run time. Messages are plain text: escaping happens when blocks are rendered.
 */
export interface Messages {
  footer: () => string;
  codeValidity: (p: { minutes: number }) => string;
  codeNotRequested: () => string;
  linkFallback: () => string;
  subjectLine: (p: { subject: string }) => string;

  senderCodeSubject: () => string;
  senderCodeIntro: () => string;

  recipientCodeSubject: (p: { senderName: string }) => string;
  recipientCodeIntro: (p: { senderName: string }) => string;

  newMessageSubject: (p: { senderName: string }) => string;
  newMessageIntro: (p: { senderName: string; senderAddress: string }) => string;
  newMessageFiles: (p: { count: number }) => string;
  newMessageFilesHidden: (p: { count: number; totalSize: string }) => string;
  newMessageExpires: (p: { date: string }) => string;
  newMessageButton: () => string;
  verifyHintEmailCode: () => string;
  verifyHintSmsCode: (p: { maskedPhone: string }) => string;
  verifyHintAccessCode: () => string;
  verifyHintAccount: () => string;
  verifyHintNone: () => string;

  activityOpenedSubject: (p: { recipient: string }) => string;
  activityDownloadedSubject: (p: { recipient: string }) => string;
  activityOpened: (p: { recipient: string; date: string }) => string;
  activityDownloaded: (p: { recipient: string; date: string }) => string;
  statusButton: () => string;

  lockoutSubject: (p: { recipient: string }) => string;
  lockoutBody: (p: { recipient: string; date: string }) => string;
  lockoutAction: () => string;

  replySubject: (p: { recipient: string }) => string;
  replyIntro: (p: { recipient: string }) => string;
  replyButton: () => string;

  withdrawnSubject: (p: { senderName: string }) => string;
  withdrawnBody: (p: { senderName: string; senderAddress: string }) => string;
  withdrawnNote: () => string;

  smsCode: (p: { code: string; minutes: number }) => string;
}
