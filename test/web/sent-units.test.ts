// The sent-item pages' pure parts, in Node: a notification the server gave up on is shown as "not notified:
// delivery failed" with the reason, in each of the app's languages (recipient-state.tsx renders this text).
import { describe, expect, it } from 'vitest';
import { languages, loadLanguage, translate, type Lang } from '../../web/src/i18n/index.ts';

import { notificationFailureText } from '../../web/src/sent/notification-failure.ts';

// German and Dutch arrive as chunks in the app (loadLanguage); here all of them, before any test.
await Promise.all(languages.map((lang) => loadLanguage(lang)));

describe('a failed notification in sent items', () => {
  it('says "not notified: delivery failed" with the reason, in de, nl and en', () => {
    const expected: Record<Lang, string> = {
      en: "Not notified: delivery failed (the recipient's mail server refused it)",
      de: 'Nicht benachrichtigt: Zustellung fehlgeschlagen (der Mailserver des Empfängers hat sie abgelehnt)',
      nl: 'Niet gemeld: bezorging mislukt (de mailserver van de ontvanger heeft haar geweigerd)',
    };
    for (const lang of languages) {
      const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(lang, key, params);
      expect(notificationFailureText({ notification: { status: 'failed', reason: 'rejected' } }, t), lang).toBe(expected[lang]);
      for (const reason of ['invalid', 'address'] as const) {
        expect(notificationFailureText({ notification: { status: 'failed', reason } }, t), `${lang} ${reason}`).toMatch(/\(.{10,}\)$/);
      }
    }
  });

  it('says nothing while the notification is queued or sent, or when the sender delivered the link', () => {
    const t = (key: Parameters<typeof translate>[1]) => translate('en', key);
    for (const notification of [{ status: 'queued' as const }, { status: 'sent' as const }, null]) expect(notificationFailureText({ notification }, t)).toBeNull();
  });
});
