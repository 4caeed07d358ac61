// The inbox pages' pure parts, in Node: the routes, the password feedback while typing (plurals, the address rule)
// and the error sentences (second factor, wrong code, a generic sign-in failure that never says which part), in
// every language; conversations grouped (newest first) and the answer's "Re:" subject.
import { describe, expect, test } from 'vitest';
import { ApiError } from '../../src/client/api-error.ts';
import { inboxErrorText } from '../../web/src/inbox/error-text.ts';
import { matchInboxRoute } from '../../web/src/inbox/inbox-routes.ts';
import type { InboxItem } from '../../web/src/inbox/inbox-api.ts';
import { passwordFeedback } from '../../web/src/inbox/password-feedback.ts';
import { groupThreads } from '../../web/src/inbox/threads.ts';
import { answerSubject } from '../../web/src/sender/answer.ts';
import { languages, loadInboxCatalogs, loadLanguage, translate, type Lang, type MessageKey } from '../../web/src/i18n/index.ts';

// German and Dutch arrive as chunks in the app, the inbox's texts with the inbox; here all of them, before any test.
await Promise.all([...languages.map((lang) => loadLanguage(lang)), loadInboxCatalogs()]);

const tIn = (lang: Lang) => (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);

describe('inbox routes', () => {
  test.each([
    ['/inbox', { name: 'inbox', page: 'list' }],
    ['/inbox/register', { name: 'inbox', page: 'register' }],
    ['/inbox/sign-in', { name: 'inbox', page: 'signIn' }],
    ['/inbox/reset', { name: 'inbox', page: 'reset' }],
    ['/inbox/m/AbC_12-x', { name: 'inbox', page: 'message', id: 'AbC_12-x' }],
  ])('%s', (path, route) => {
    expect(matchInboxRoute(path)).toEqual(route);
  });

  test.each(['/inbox/m/', '/inbox/m/a/b', '/inbox/m/bad$id', '/inboxes', '/inbox/other'])('%s is not an inbox page', (path) => {
    expect(matchInboxRoute(path)).toBeUndefined();
  });
});

describe('password feedback', () => {
  test('counts what is missing, refuses the address, praises length', () => {
    const t = tIn('en');
    expect(passwordFeedback('', 'rita@example.net', t)).toEqual({ text: 'At least 12 characters.', ok: false });
    expect(passwordFeedback('elevenchars', 'rita@example.net', t)).toEqual({ text: '1 more character needed.', ok: false });
    expect(passwordFeedback('ten chars!', 'rita@example.net', t).text).toBe('2 more characters needed.');
    expect(passwordFeedback('my name is rita, hello', 'rita@example.net', t)).toEqual({ text: 'The password must not contain your e-mail address.', ok: false });
    expect(passwordFeedback('twelve chars', 'rita@example.net', t)).toEqual({ text: 'Long enough. A longer password is even better.', ok: true });
    expect(passwordFeedback('purple elephants dance at noon', 'rita@example.net', t)).toEqual({ text: 'A strong, long password.', ok: true });
    expect(passwordFeedback('x'.repeat(129), 'rita@example.net', t).ok).toBe(false);
  });

  test('in German and Dutch', () => {
    expect(passwordFeedback('elevenchars', 'a@b.c', tIn('de')).text).toBe('Noch 1 Zeichen nötig.');
    expect(passwordFeedback('ten chars!', 'a@b.c', tIn('nl')).text).toBe('Nog 2 tekens nodig.');
  });
});

describe('inbox error texts', () => {
  test.each(languages)('%s: each answer has its own sentence, and a sign-in failure never says which part', (lang) => {
    const t = tIn(lang);
    const texts = ['SP_ERR_SIGN_IN_FAILED', 'SP_ERR_SECOND_FACTOR_REQUIRED', 'SP_ERR_VERIFICATION_FAILED', 'SP_ERR_ACCOUNT_LOCKED', 'SP_ERR_DECRYPT']
      .map((code) => inboxErrorText({ code }, t));
    expect(new Set(texts).size).toBe(texts.length);
    expect(inboxErrorText(new ApiError('SP_ERR_SIGN_IN_FAILED', 401), t)).toBe(translate(lang, 'inbox.error.signInFailed'));
    // The server's errors as the client core makes them; codes new with the accounts are plain objects above.
    // Password refusals keep the staff wording (one policy, one sentence per reason).
    expect(inboxErrorText(new ApiError('SP_ERR_PASSWORD_POLICY', 400, { reason: 'common' }), t)).toBe(translate(lang, 'account.password.common'));
  });

  test('a conflict says which one: registered already, a link message, a lost key, an authenticator already set up', () => {
    const t = tIn('en');
    const conflict = (reason: string) => inboxErrorText(new ApiError('SP_ERR_CONFLICT', 409, { reason }), t);
    expect(conflict('registered')).toBe('This address is already registered. Sign in, or reset the password if you forgot it.');
    expect(conflict('not_account')).toBe('Opens with the link from your e-mail');
    expect(conflict('key_lost')).toBe('Cannot be opened: your key was reset');
    expect(conflict('totp_enrolled')).toBe('An authenticator app is already set up for this account.');
    expect(conflict('other')).toBe(translate('en', 'error.conflict'));
  });
});

describe('conversations in the inbox', () => {
  const item = (transferId: string, threadId: string, sentAt: string): InboxItem => ({
    recipientId: `r-${transferId}`, transferId, threadId, senderEmail: 'dr@praxis.example', sentAt, expiresAt: '2027-01-01T00:00:00.000Z', state: 'active', opensWith: 'account',
  });

  test('groups a thread together, newest first within it, the groups ordered by their newest message', () => {
    const items = [
      item('root', 'root', '2026-11-01T09:00:00.000Z'),
      item('alone', 'alone', '2026-11-02T09:00:00.000Z'),
      item('answer', 'root', '2026-11-03T09:00:00.000Z'),
      item('older', 'older', '2026-10-01T09:00:00.000Z'),
    ];
    expect(groupThreads(items).map((g) => [g.threadId, g.items.map((i) => i.transferId)])).toEqual([
      ['root', ['answer', 'root']],
      ['alone', ['alone']],
      ['older', ['older']],
    ]);
    expect(groupThreads([])).toEqual([]);
  });

  test.each(languages)('%s: the count and the label of a conversation', (lang) => {
    const t = tIn(lang);
    expect(t('inbox.thread.count', { count: 2 })).toMatch(/^2 /);
    expect(t('inbox.thread.label', { sender: 'dr@praxis.example', count: 1 })).toContain('dr@praxis.example');
  });
});

describe('answer subject', () => {
  test('prefixes once, whatever a conversation already carries', () => {
    const re = (s: string) => `Re: ${s}`;
    expect(answerSubject('Lab results', re)).toBe('Re: Lab results');
    expect(answerSubject('Re: Lab results', re)).toBe('Re: Lab results');
    expect(answerSubject('AW: re:Lab results', re)).toBe('Re: Lab results');
  });
});
