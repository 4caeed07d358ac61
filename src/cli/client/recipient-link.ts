// A recipient link: `${publicUrl}/r/${recipientId}#${linkSecret}`. The secret lives only in the fragment.
import { SealpostError } from '../../core/errors.ts';

export interface RecipientLink {
  /** The server's public URL (API base), without trailing slash. */
  baseUrl: string;
  recipientId: string;
  linkSecret: string;
}

export function parseRecipientLink(link: string): RecipientLink {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'That is not a Sealpost link (expected https://…/r/ID#SECRET)' });
  }
  const match = /^(.*)\/r\/([A-Za-z0-9_-]{22})\/?$/.exec(url.pathname);
  const secret = url.hash.slice(1);
  if (!match || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'That is not a Sealpost link (expected https://…/r/ID#SECRET)' });
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'The link is incomplete: the part after "#" is missing or cut off. Copy the whole link from the e-mail.' });
  }
  return { baseUrl: `${url.origin}${match[1] ?? ''}`, recipientId: match[2] ?? '', linkSecret: secret };
}
