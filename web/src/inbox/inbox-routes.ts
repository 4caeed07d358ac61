// The recipient inbox's paths: /inbox, /inbox/register, /inbox/sign-in, /inbox/reset and /inbox/m/:rid (the link
// in an `account` notification). Kept here so the shell's router needs one line for the whole section.
import type { MessageKey } from '../i18n/index.ts';

export type InboxPage = 'list' | 'register' | 'signIn' | 'reset' | 'message';
export interface InboxRoute {
  name: 'inbox';
  page: InboxPage;
  /** The recipient id, for page 'message'. */
  id?: string;
}

const pages: Record<string, InboxPage> = { '/inbox': 'list', '/inbox/register': 'register', '/inbox/sign-in': 'signIn', '/inbox/reset': 'reset' };

/** The inbox route for a path without trailing slash, or undefined for paths outside the inbox. */
export function matchInboxRoute(clean: string): InboxRoute | undefined {
  const page = pages[clean];
  if (page) return { name: 'inbox', page };
  const message = /^\/inbox\/m\/([A-Za-z0-9_-]{1,64})$/.exec(clean);
  if (message?.[1]) return { name: 'inbox', page: 'message', id: message[1] };
  return undefined;
}

const titles: Record<InboxPage, MessageKey> = {
  list: 'inbox.title.list',
  register: 'inbox.title.register',
  signIn: 'inbox.title.signIn',
  reset: 'inbox.title.reset',
  message: 'inbox.title.message',
};

export function inboxTitleKey(page: InboxPage): MessageKey {
  return titles[page];
}
