// The recipient inbox's messages in every language, loaded with the inbox pages (web/src/shell/app.tsx) or the
// offer to register on the recipient pages, and not with the first page (its size budget: test/web/sender-languages).
import { inboxDe } from './inbox-de.ts';
import { inboxEn } from './inbox-en.ts';
import { inboxNl } from './inbox-nl.ts';

export const inboxCatalogs = { en: inboxEn, de: inboxDe, nl: inboxNl };
