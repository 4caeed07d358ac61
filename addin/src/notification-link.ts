// A Sealpost notification the user received in Outlook: its body links to this server's recipient page,
// `/r/<recipient id>#<link secret>` (the secret only in the fragment, which browsers never send), or, for a recipient
// with an account, to `/inbox/m/<recipient id>` (src/core/transfers/send.ts recipientLink, account-recipients.ts).
// Only links to this server (the task pane's own origin) are offered: a look-alike link in a phishing mail to another
// origin is not. Opening uses an Office dialog, a window of its own (the recipient page forbids framing, and a dialog
// is a top-level window, not a frame), or window.open where the dialog API fails. The link is only navigated to,
// never fetched: the secret stays in the browser.
import { SECRET_PATTERN } from '../../web/src/recipient/link-secret.ts';
import { office, promisify, type Dialog, type MailboxItem } from './office.ts';

/** A recipient id (src/client/api-contract.ts publicId: 16 random bytes, base64url). */
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Anything that looks like an absolute web address in a text or HTML body (an href's value ends at its quote). */
const URL_CANDIDATES = /https?:\/\/[^\s"'<>]+/g;

/** The recipient link `candidate` names, if it is one and points to `origin`; undefined otherwise. */
export function recipientLinkOf(candidate: string, origin: string): string | undefined {
  let url: URL;
  try {
    // In HTML an href's & is written &amp;; Sealpost links have none, so no decoding is needed to compare.
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.origin !== origin || url.search !== '' || url.username !== '' || url.password !== '') return undefined;
  const withSecret = /^\/r\/([^/]+)$/.exec(url.pathname);
  if (withSecret && ID_PATTERN.test(withSecret[1] ?? '') && SECRET_PATTERN.test(url.hash.slice(1))) return url.href;
  const inbox = /^\/inbox\/m\/([^/]+)$/.exec(url.pathname);
  if (inbox && ID_PATTERN.test(inbox[1] ?? '') && url.hash === '') return url.href;
  return undefined;
}

/** Every recipient link to `origin` in the bodies, each once, in order of appearance. */
export function recipientLinksIn(bodies: string[], origin: string): string[] {
  const found = bodies.flatMap((body) => [...body.matchAll(URL_CANDIDATES)].map((m) => recipientLinkOf(m[0], origin)));
  return [...new Set(found.filter((link): link is string => link !== undefined))];
}

/** An HTML body's link targets (href values, &amp; decoded), not every address in it (xmlns, schema names). */
const HREFS = /\bhref\s*=\s*["']?(https?:\/\/[^"'\s<>]+)/gi;

/**
 * How many distinct web links in the bodies lead to another origin than `origin`: the pane checks only that a link
 * to this server has the right shape, so it vouches for that link alone and says plainly that the others are not
 * Sealpost's (a phishing mail can carry a shape-valid link to the real server next to its own "log in" link).
 * The HTML body counts its hrefs, the text body every address in it.
 */
export function otherOriginLinksIn(bodies: { html: string; text: string }, origin: string): number {
  const candidates = [...[...bodies.html.matchAll(HREFS)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&')), ...[...bodies.text.matchAll(URL_CANDIDATES)].map((m) => m[0])];
  const others = new Set<string>();
  for (const candidate of candidates) {
    try {
      const url = new URL(candidate);
      if (url.origin !== origin) others.add(url.href);
    } catch {
      // Not a web address after all: nothing to warn about, nothing to open.
    }
  }
  return others.size;
}

/**
 * The recipient links in the message being read, from its HTML and its text body (one may lack what the other has),
 * and how many links in it lead elsewhere.
 */
export async function notificationLinksOf(item: MailboxItem, origin: string = location.origin): Promise<{ links: string[]; otherLinks: number }> {
  const [html, text] = await Promise.all((['html', 'text'] as const).map((kind) => promisify<string>((cb) => item.body.getAsync(kind, cb)).catch(() => '')));
  const bodies = { html: html ?? '', text: text ?? '' };
  return { links: recipientLinksIn([bodies.html, bodies.text], origin), otherLinks: otherOriginLinksIn(bodies, origin) };
}

/** Opens the link in an Office dialog; in a new browser window where that fails (an older client, a blocked dialog). */
export async function openSecurely(link: string, open: (url: string) => Window | null = (url) => window.open(url, '_blank', 'noopener')): Promise<'dialog' | 'window'> {
  try {
    await promisify<Dialog>((cb) => office().context.ui.displayDialogAsync(link, { height: 80, width: 50, promptBeforeOpen: false }, cb));
    return 'dialog';
  } catch {
    open(link);
    return 'window';
  }
}
