// The CLI sign-in approval page's strings (English, the reference catalog). Keys are prefixed `cli.`; cli-de.ts and
// cli-nl.ts must have every key (typed). ICU MessageFormat; values are inserted as text, never as HTML.
export const cliEn = {
  'cli.title': 'Sign in the command line',
  'cli.intro': 'The sealpost command line shows a code when you run "sealpost login". Enter it here to let that computer send as you.',
  'cli.checking': 'Checking your sign-in…',
  'cli.signedOut': 'You are not signed in to Sealpost in this browser. Sign in first, then open this page again.',
  'cli.codeLabel': 'Code from your terminal',
  'cli.codeHint': 'Eight letters, for example BCDF-GHJK. It is valid for 10 minutes.',
  'cli.continue': 'Continue',
  'cli.unknownCode': 'No sign-in is waiting for this code. Check the code in your terminal; it is valid for 10 minutes.',
  'cli.request': 'The command line on "{host}" asks to sign in as {email}.',
  'cli.requestedAt': 'Requested {date} from {address}.',
  'cli.requestedAtNoAddress': 'Requested {date}.',
  'cli.compare': 'Does your terminal show the code {code}? Approve only if you started this sign-in yourself.',
  'cli.grants': 'The computer gets a personal token that can send messages and read your sent messages for {days, plural, one {# day} other {# days}}. You can revoke it at any time.',
  'cli.passwordLabel': 'Your password, to confirm',
  'cli.passwordHint': 'You last confirmed your password more than 10 minutes ago.',
  'cli.providerHint': 'After you confirm at your organisation you come back to this page: type the code from your terminal again.',
  'cli.approve': 'Approve',
  'cli.deny': 'Deny',
  'cli.approved': 'Approved. The command line on "{host}" is signed in; you can close this page.',
  'cli.denied': 'Denied. The command line on "{host}" is not signed in.',
  'cli.wrongPassword': 'That password is not correct.',
} as const;

export type CliMessageKey = keyof typeof cliEn;
