// The document title of each page: one table instead of a chain of conditions in the shell, so every page adds
// its own line.
import type { MessageKey, Translate } from '../i18n/index.ts';
import type { Route } from './router.ts';
import { inboxTitleKey } from '../inbox/inbox-routes.ts';

const titles: Partial<Record<Route['name'], MessageKey>> = {
  recipient: 'title.recipient',
  sent: 'title.sent',
  sentItem: 'title.sent',
  passkeySignIn: 'passkey.title.signIn',
  passkeys: 'passkey.title.manage',
  cliApprove: 'cli.title',
  smsSignIn: 'sms.title.signIn',
  smsAccount: 'sms.title.account',
  admin: 'admin.pageTitle',
};

export function pageTitle(route: Route, t: Translate): string {
  if (route.name === 'inbox') return t(inboxTitleKey(route.page));
  return t(titles[route.name] ?? 'title.send');
}
