// A tiny history-based router: the app has five routes, so a library would weigh more than it saves.
import { createElement, useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import { matchInboxRoute, type InboxRoute } from '../inbox/inbox-routes.ts';

const listeners = new Set<() => void>();

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  for (const l of listeners) l();
}

/** The current pathname; re-renders on navigate() and on back/forward. */
export function usePath(): string {
  const [path, setPath] = useState(() => location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

export const adminPages = ['people', 'settings', 'agreements', 'recovery', 'rules', 'directory', 'deliveries', 'audit'] as const;
export type AdminPage = (typeof adminPages)[number];

export type Route =
  | { name: 'admin'; page: AdminPage }
  | { name: 'send' }
  | { name: 'verify' }
  | { name: 'sent' }
  | { name: 'sentItem'; id: string }
  | { name: 'recipient'; id: string }
  | { name: 'passkeySignIn' }
  | { name: 'passkeys' }
  | { name: 'cliApprove' }
  | { name: 'smsSignIn' }
  | { name: 'smsAccount' }
  | { name: 'ssoSignIn' }
  | { name: 'keyPassword' }
  | { name: 'invitation' }
  | { name: 'signIn' }
  | { name: 'account' }
  | InboxRoute
  | { name: 'notFound' };

const ID = '([A-Za-z0-9_-]{1,64})';

export function matchRoute(path: string): Route {
  const clean = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (clean === '/' || clean === '/send') return { name: 'send' };
  if (clean === '/verify') return { name: 'verify' };
  if (clean === '/sent') return { name: 'sent' };
  if (clean === '/sign-in/passkey') return { name: 'passkeySignIn' };
  if (clean === '/account/passkeys') return { name: 'passkeys' };
  if (clean === '/cli/approve') return { name: 'cliApprove' };
  if (clean === '/sign-in/sms') return { name: 'smsSignIn' };
  if (clean === '/account/sms') return { name: 'smsAccount' };
  if (clean === '/sign-in/sso') return { name: 'ssoSignIn' };
  if (clean === '/account/key-password') return { name: 'keyPassword' };
  if (clean === '/invitation') return { name: 'invitation' };
  if (clean === '/sign-in') return { name: 'signIn' };
  if (clean === '/account') return { name: 'account' };
  const inbox = matchInboxRoute(clean);
  if (inbox) return inbox;
  const sent = new RegExp(`^/sent/${ID}$`).exec(clean);
  if (sent?.[1]) return { name: 'sentItem', id: sent[1] };
  if (clean === '/admin') return { name: 'admin', page: 'people' };
  const admin = /^\/admin\/([a-z]+)$/.exec(clean);
  const page = adminPages.find((p) => p === admin?.[1]);
  if (page) return { name: 'admin', page };
  const rec = new RegExp(`^/r/${ID}$`).exec(clean);
  if (rec?.[1]) return { name: 'recipient', id: rec[1] };
  return { name: 'notFound' };
}

/** An in-app link: a real <a href> (keyboard, middle-click, copy link) that navigates without reloading. */
export function Link(props: { to: string; className?: string; children: ReactNode; 'aria-current'?: 'page' | undefined }): ReactNode {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.to);
  };
  return createElement('a', { href: props.to, className: props.className, onClick, 'aria-current': props['aria-current'] }, props.children);
}
