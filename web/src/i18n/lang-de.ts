// Every German catalog of the app's pages (the console's excepted: admin-catalogs.ts), in one chunk loaded
// when the page speaks German (loadLanguage). English, the reference and fallback, stays in the first page; the
// other languages do not weigh on it.
import { de } from './de.ts';
import { accountDe } from './account-de.ts';
import { cliDe } from './cli-de.ts';
import { controlsDe } from './controls-de.ts';
import { passkeyDe } from './passkey-de.ts';
import { recipientDe } from './recipient-de.ts';
import { smsDe } from './sms-de.ts';
import { ssoDe } from './sso-de.ts';

export const catalog = { ...de, ...recipientDe, ...passkeyDe, ...cliDe, ...smsDe, ...ssoDe, ...accountDe, ...controlsDe };
