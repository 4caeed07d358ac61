/**
 * The short block a protected mail carries when attachments above the organisation's threshold became portal links
 * (issue 14): a heading in the recipient's language and one line per file with its size and link, as plain text and
 * as HTML (every value escaped; only http(s) links, so no `javascript:` can reach an href). The links are made by
 * the gateway itself, so a bad one is an internal error (SP_ERR_INTERNAL, SMTP 451: fail closed, Postfix retries).
 */
import type { LargeFileLink } from '../../core/gateway/model.ts';
import type { NotificationLanguage } from '../../core/transfers/model.ts';
import { catalogs } from '../../core/notifications/index.ts';
import { escapeHtml } from '../../core/notifications/blocks.ts';
import { formatBytes } from '../../core/notifications/format.ts';
import { SealpostError } from '../../core/errors.ts';

export interface LinksBlock {
  text: string;
  html: string;
}

function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SealpostError('SP_ERR_INTERNAL', { message: 'A large-file link is not a URL', details: { field: 'links' } });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new SealpostError('SP_ERR_INTERNAL', { message: 'A large-file link must be http(s)', details: { field: 'links' } });
  }
  return parsed.href;
}

/** null when there are no links. */
export function linksBlock(links: LargeFileLink[], lang: NotificationLanguage): LinksBlock | null {
  if (links.length === 0) return null;
  const t = catalogs[lang];
  const heading = t.gatewayLinksHeading({ count: links.length });
  const items = links.map((link) => ({ name: link.name, size: formatBytes(link.size, lang), url: checkedUrl(link.url) }));
  const text = [heading, ...items.map((item) => `- ${item.name} (${item.size})\n  ${item.url}`)].join('\n');
  const html =
    `<div class="sealpost-links" style="margin-top:16px;padding-top:8px;border-top:1px solid #cbd2d9">` +
    `<p>${escapeHtml(heading)}</p><ul>` +
    items.map((item) => `<li><a href="${escapeHtml(item.url)}">${escapeHtml(item.name)}</a> (${escapeHtml(item.size)})</li>`).join('') +
    `</ul></div>`;
  return { text, html };
}
