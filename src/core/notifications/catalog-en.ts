import type { Catalog } from './messages.ts';

export const en = {
  footer: 'This is an automated message sent by Sealpost. Please do not reply to this e-mail.',
  codeValidity: 'The code is valid for {minutes, plural, one {# minute} other {# minutes}} and can be used once.',
  codeNotRequested: 'If you did not ask for this code, you can ignore this e-mail. Never share the code with anyone.',
  linkFallback: 'If the button does not work, copy this link into your browser:',
  subjectLine: 'Subject: {subject}',

  senderCodeSubject: 'Your verification code for sending a secure message',
  senderCodeIntro: 'Enter this code to confirm your e-mail address and send your secure message:',

  recipientCodeSubject: 'Your code to open the secure message from {senderName}',
  recipientCodeIntro: 'Enter this code to open the secure message from {senderName}:',

  newMessageSubject: '{senderName} has sent you a secure message',
  newMessageIntro: '{senderName} ({senderAddress}) has sent you a secure message.',
  newMessageFiles: '{count, plural, one {Attached file:} other {Attached files (#):}}',
  newMessageFilesHidden: '{count, plural, one {# file ({totalSize}) is attached.} other {# files ({totalSize} in total) are attached.}}',
  newMessageExpires: 'The message is available until {date}.',
  newMessageButton: 'Open secure message',
  verifyHintEmailCode: 'To open it, you will receive a verification code by e-mail.',
  verifyHintSmsCode: 'To open it, you will receive a verification code by SMS at {maskedPhone}.',
  verifyHintAccessCode: 'To open it, you need the access code the sender has agreed with you.',
  verifyHintAccount: 'It is encrypted to your own key: sign in to your Sealpost inbox to read it. There is no code to type, only your password.',
  verifyHintNone: 'Anyone with this link can open the message. Do not forward this e-mail.',

  activityOpenedSubject: '{recipient} has opened your secure message',
  activityDownloadedSubject: '{recipient} has downloaded files from your secure message',
  activityOpened: '{recipient} opened your secure message on {date}.',
  activityDownloaded: '{recipient} downloaded files from your secure message on {date}.',
  statusButton: 'View message status',

  lockoutSubject: 'Access blocked for {recipient}',
  lockoutBody: '{recipient} entered a wrong verification code too many times (last attempt {date}). To protect your message, access for this recipient has been blocked.',
  lockoutAction: 'If this was your recipient, you can unblock access on the message status page.',

  supportContact: 'Questions about this message? Support of {orgName}: {contact}',
  invitationSubject: 'You are invited to {orgName} on Sealpost',
  invitationIntro: '{orgName} has invited you to send and receive confidential messages with Sealpost. Set your password and second factor to get started.',
  invitationButton: 'Accept the invitation',
  invitationExpires: 'The link works once, until {date}.',
  invitationNotExpected: 'If you did not expect this invitation, ignore this e-mail.',
  replySubject: 'Secure reply from {recipient}',
  replyIntro: '{recipient} has replied to your secure message.',
  replyButton: 'Read the reply',

  withdrawnSubject: 'A secure message from {senderName} has been withdrawn',
  withdrawnBody: '{senderName} ({senderAddress}) has withdrawn a secure message sent to you.',
  withdrawnNote: 'The link in the earlier e-mail no longer works. Please contact the sender if you still need the information.',

  smsCode: 'Your Sealpost code: {code}. Valid for {minutes, plural, one {# minute} other {# minutes}}. Never share this code.',
  accountCodeSubjectRegister: 'Your code to set up your Sealpost inbox',
  accountCodeIntroRegister: 'Enter this code to confirm your e-mail address and set up your Sealpost inbox:',
  accountCodeSubjectReset: 'Your code to reset your Sealpost inbox password',
  accountCodeIntroReset: 'Enter this code to reset the password of your Sealpost inbox. Messages encrypted to your old key cannot be opened after the reset; their senders can send them again.',
  accountRegisteredSubject: '{recipient} now receives secure messages without a code',
  accountRegisteredBody: '{recipient} has set up a Sealpost inbox. Messages you send to this address from now on are encrypted straight to their key and arrive without a code to type.',
  accountKeyLostSubject: '{recipient} can no longer open your secure message',
  accountKeyLostBody: '{recipient} has reset their Sealpost password and with it their key. {count, plural, one {# message you sent them can} other {# messages you sent them can}} no longer be opened.',
  accountKeyLostAction: 'On the message status page you can send it again to their new key with one click.',
  accountExistsSubject: 'You already have a Sealpost inbox',
  accountExistsBody: 'Someone, probably you, asked to set up a Sealpost inbox for this address, but it already has one. Sign in with your password, or reset it if you have forgotten it. If this was not you, you can ignore this e-mail.',
  accountMissingSubject: 'There is no Sealpost inbox for this address',
  accountMissingBody: 'Someone, probably you, asked to reset the password of a Sealpost inbox for this address, but there is none. You can set one up instead. If this was not you, you can ignore this e-mail.',

  gatewayLinksHeading: '{count, plural, one {One file was too large to send in this e-mail. Download it here:} other {# files were too large to send in this e-mail. Download them here:}}',
} satisfies Catalog;
