// Every Dutch catalog of the app's pages (the console's excepted: admin-catalogs.ts), in one chunk loaded
// when the page speaks Dutch (loadLanguage). English, the reference and fallback, stays in the first page; the
// other languages do not weigh on it.
import { nl } from './nl.ts';
import { accountNl } from './account-nl.ts';
import { cliNl } from './cli-nl.ts';
import { controlsNl } from './controls-nl.ts';
import { passkeyNl } from './passkey-nl.ts';
import { recipientNl } from './recipient-nl.ts';
import { smsNl } from './sms-nl.ts';
import { ssoNl } from './sso-nl.ts';

export const catalog = { ...nl, ...recipientNl, ...passkeyNl, ...cliNl, ...smsNl, ...ssoNl, ...accountNl, ...controlsNl };
