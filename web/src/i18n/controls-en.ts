// Sent items: what a sender can change after sending (expiry, a locked-out recipient, a notification sent again).
// English, the reference catalog. Keys are prefixed `controls.`; controls-de.ts and controls-nl.ts must have every
// key (typed). ICU MessageFormat, values inserted as text. See docs/translations.md.
export const controlsEn = {
  'controls.expiry.title': 'Available until',
  'controls.expiry.label': 'New expiry',
  'controls.expiry.hint': 'At most until {date}. A shorter time takes effect at once.',
  'controls.expiry.save': 'Change expiry',
  'controls.expiry.done': 'The message is now available until {date}.',
  'controls.expiry.inPast': 'Choose a time in the future.',
  'controls.expiry.tooLate': 'This message can be kept until {date} at the latest.',
  'controls.unlock': 'Unlock',
  'controls.unlock.done': '{email} can enter the code again.',
  'controls.resend': 'Send notification again',
  'controls.resend.done': 'A new notification is on its way to {email}. The earlier link no longer works.',
  'controls.keyLost': 'Their key was reset — re-send to the new key',
  'controls.keyLost.hint': '{email} reset their password: the copy for their old key can no longer be opened.',
  'controls.keyLost.done': 'The message is now encrypted to the new key of {email}, and they have been told.',
  'controls.resend.needsKey': 'Sending again needs this message’s key, which is not available in this browser.',
  'controls.resend.needsCode': 'Enter the access code for {email} again: the new link needs it.',
  'controls.resend.codeHint': 'The code you gave before, or a new one you pass on by phone, never by e-mail.',
  'controls.resend.phoneKept': 'Leave empty to keep {phone}.',
  'controls.resend.codeLabel': 'Access code for {email}',
  'controls.resend.confirmTitle': 'Send a new notification to {email}?',
  'controls.resend.confirmText': 'The recipient gets a new link; the link in the earlier notification stops working.',
  'controls.resend.rateLimited': 'Notifications to {email} were sent again too often. Please try again later.',
  'controls.answer': 'Answer securely',
  'controls.answer.label': 'Answer {email} securely',
  'controls.answer.subject': 'Re: {subject}',
  'controls.answer.composing': 'You are answering securely: this message continues the conversation with {email}.',
  'controls.answer.drop': 'Send as a new message instead',
  'controls.thread.title': 'Part of a conversation',
  'controls.thread.label': 'Messages of this conversation',
  'controls.thread.first': 'First message',
  'controls.thread.entry': '{date} to {recipients}',
  'controls.thread.current': 'this message',
} as const;

export type ControlsMessageKey = keyof typeof controlsEn;
