// The password rules the page can check while the recipient types (the staff policy, src/core/accounts/
// password-policy.ts: 12–128 characters, not containing the address), as one sentence. The common-password list
// stays on the server: its refusal comes back with the final request.
import type { Translate } from '../i18n/index.ts';

const MIN = 12;
export const PASSWORD_MAX = 128;

function length(password: string): number {
  return [...password.normalize('NFC')].length;
}

function containsAddress(password: string, email: string): boolean {
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  return local.length >= 4 && password.toLowerCase().includes(local);
}

/** What the page can say about the password so far (one sentence, announced politely). */
export function passwordFeedback(password: string, email: string, t: Translate): { text: string; ok: boolean } {
  const n = length(password);
  if (n === 0) return { text: t('inbox.password.feedbackEmpty', { min: MIN }), ok: false };
  if (n < MIN) return { text: t('inbox.password.feedbackShort', { count: MIN - n }), ok: false };
  if (n > PASSWORD_MAX) return { text: t('account.password.tooLong', { max: PASSWORD_MAX }), ok: false };
  if (containsAddress(password, email)) return { text: t('account.password.containsEmail'), ok: false };
  return { text: n >= 20 ? t('inbox.password.feedbackStrong') : t('inbox.password.feedbackOk'), ok: true };
}
