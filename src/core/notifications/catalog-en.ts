import type { Messages } from './messages.ts';

export const en = {
  footer: () => 'This is an automated message sent by Sealpost. Please do not reply to this e-mail.',
  codeValidity: ({ minutes }) => `The code is valid for ${minutes} minutes and can be used once.`,
  codeNotRequested: () => 'If you did not ask for this code, you can ignore this e-mail. Never share the code with anyone.',
  linkFallback: () => 'If the button does not work, copy this link into your browser:',
  subjectLine: ({ subject }) => `Subject: ${subject}`,

  senderCodeSubject: () => 'Your verification code for sending a secure message',
  senderCodeIntro: () => 'Enter this code to confirm your e-mail address and send your secure message:',

  recipientCodeSubject: ({ senderName }) => `Your code to open the secure message from ${senderName}`,
  recipientCodeIntro: ({ senderName }) => `Enter this code to open the secure message from ${senderName}:`,

  newMessageSubject: ({ senderName }) => `${senderName} has sent you a secure message`,
  newMessageIntro: ({ senderName, senderAddress }) => `${senderName} (${senderAddress}) has sent you a secure message.`,
  newMessageFiles: ({ count }) => (count === 1 ? 'Attached file:' : `Attached files (${count}):`),
  newMessageFilesHidden: ({ count, totalSize }) =>
    count === 1 ? `1 file (${totalSize}) is attached.` : `${count} files (${totalSize} in total) are attached.`,
  newMessageExpires: ({ date }) => `The message is available until ${date}.`,
  newMessageButton: () => 'Open secure message',
  verifyHintEmailCode: () => 'To open it, you will receive a verification code by e-mail.',
  verifyHintSmsCode: ({ maskedPhone }) => `To open it, you will receive a verification code by SMS at ${maskedPhone}.`,
  verifyHintAccessCode: () => 'To open it, you need the access code the sender has agreed with you.',
  verifyHintAccount: () => 'To open it, sign in with your Sealpost account.',
  verifyHintNone: () => 'Anyone with this link can open the message. Do not forward this e-mail.',

  activityOpenedSubject: ({ recipient }) => `${recipient} has opened your secure message`,
  activityDownloadedSubject: ({ recipient }) => `${recipient} has downloaded files from your secure message`,
  activityOpened: ({ recipient, date }) => `${recipient} opened your secure message on ${date}.`,
  activityDownloaded: ({ recipient, date }) => `${recipient} downloaded files from your secure message on ${date}.`,
  statusButton: () => 'View message status',

  lockoutSubject: ({ recipient }) => `Access blocked for ${recipient}`,
  lockoutBody: ({ recipient, date }) =>
    `${recipient} entered a wrong verification code too many times (last attempt ${date}). To protect your message, access for this recipient has been blocked.`,
  lockoutAction: () => 'If this was your recipient, you can unblock access on the message status page.',

  replySubject: ({ recipient }) => `Secure reply from ${recipient}`,
  replyIntro: ({ recipient }) => `${recipient} has replied to your secure message.`,
  replyButton: () => 'Read the reply',

  withdrawnSubject: ({ senderName }) => `A secure message from ${senderName} has been withdrawn`,
  withdrawnBody: ({ senderName, senderAddress }) => `${senderName} (${senderAddress}) has withdrawn a secure message sent to you.`,
  withdrawnNote: () => 'The link in the earlier e-mail no longer works. Please contact the sender if you still need the information.',

  smsCode: ({ code, minutes }) => `Your Sealpost code: ${code}. Valid for ${minutes} minutes. Never share this code.`,
} satisfies Messages;
