// The staff account pages' error texts, in Node: the sign-in answers never say which part was wrong, throttling
// names its wait with plural forms, the server's password reasons become sentences, in every language.
import { describe, expect, test } from 'vitest';
import { ApiError } from '../../src/client/api-error.ts';
import { accountErrorText } from '../../web/src/account/error-text.ts';
import { languages, loadLanguage, translate, type Lang, type MessageKey } from '../../web/src/i18n/index.ts';

// German and Dutch arrive as chunks in the app (loadLanguage); here all of them, before any test.
await Promise.all(languages.map((lang) => loadLanguage(lang)));

const tIn = (lang: Lang) => (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);

describe('account error texts', () => {
  test('sign-in failure, lockout and throttling, in English', () => {
    const t = tIn('en');
    expect(accountErrorText(new ApiError('SP_ERR_SIGN_IN_FAILED', 401), t)).toBe('The e-mail address, password or code is not correct.');
    expect(accountErrorText(new ApiError('SP_ERR_ACCOUNT_LOCKED', 423), t)).toContain('Ask your administrator to unlock it');
    expect(accountErrorText(new ApiError('SP_ERR_ACCOUNT_DISABLED', 403), t)).toBe('This account is disabled. Ask your administrator.');
    expect(accountErrorText(new ApiError('SP_ERR_RATE_LIMITED', 429, { retryAfterSeconds: 1 }), t)).toBe('Too many sign-in attempts. Please wait 1 second and try again.');
    expect(accountErrorText(new ApiError('SP_ERR_RATE_LIMITED', 429, { retryAfterSeconds: 299.2 }), t)).toBe('Too many sign-in attempts. Please wait 300 seconds and try again.');
    expect(accountErrorText(new ApiError('SP_ERR_RATE_LIMITED', 429), t)).toBe(translate('en', 'error.rateLimited'));
    expect(accountErrorText(new ApiError('SP_ERR_CSRF', 403), t)).toContain('did not come from this page');
  });

  test.each([
    ['too_short', 'at least 12 characters'],
    ['too_long', 'at most 128 characters'],
    ['common', 'too common'],
    ['contains_email', 'must not contain your e-mail address'],
    ['something new', 'cannot be used'],
  ])('password policy reason %s', (reason, text) => {
    expect(accountErrorText(new ApiError('SP_ERR_PASSWORD_POLICY', 400, { reason, minLength: 12, maxLength: 128 }), tIn('en'))).toContain(text);
  });

  test('German and Dutch have their own sentences and plural forms', () => {
    expect(accountErrorText(new ApiError('SP_ERR_RATE_LIMITED', 429, { retryAfterSeconds: 1 }), tIn('de'))).toBe('Zu viele Anmeldeversuche. Bitte warten Sie 1 Sekunde und versuchen Sie es dann erneut.');
    expect(accountErrorText(new ApiError('SP_ERR_RATE_LIMITED', 429, { retryAfterSeconds: 5 }), tIn('nl'))).toBe('Te veel inlogpogingen. Wacht 5 seconden en probeer het opnieuw.');
    for (const lang of ['de', 'nl'] as const) {
      expect(accountErrorText(new ApiError('SP_ERR_SIGN_IN_FAILED', 401), tIn(lang))).not.toBe(accountErrorText(new ApiError('SP_ERR_SIGN_IN_FAILED', 401), tIn('en')));
      expect(accountErrorText(new ApiError('SP_ERR_PASSWORD_POLICY', 400, { reason: 'common' }), tIn(lang))).not.toContain('too common');
    }
  });
});
