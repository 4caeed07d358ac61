/**
 * The mail's own header fields as ParsedMail holds them: RFC 2047 words decoded (libmime), raw UTF-8 headers
 * (SMTPUTF8) read as UTF-8 (mailsplit), addresses split with nodemailer's address parser.
 */
import type Headers from '@zone-eu/mailsplit/lib/headers.js';
import libmime from 'libmime';
import addressparser from 'nodemailer/lib/addressparser';
import type { NotificationLanguage } from '../../core/transfers/model.ts';
import type { ParsedMail } from '../../core/gateway/model.ts';

type HeaderFields = Omit<ParsedMail, 'text' | 'html' | 'attachments' | 'signerCertificates'>;

function decoded(headers: Headers, key: string): string {
  const value = headers.getFirst(key);
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

function addresses(headers: Headers, key: string): Array<{ address: string; name: string }> {
  const values = headers.get(key).map((line) => line.slice(line.indexOf(':') + 1));
  return values.flatMap((value) =>
    addressparser(value, { flatten: true })
      .filter((a) => typeof a.address === 'string' && a.address.includes('@'))
      .map((a) => ({ address: a.address.toLowerCase(), name: safeDecode(a.name) })),
  );
}

function safeDecode(value: string): string {
  try {
    return libmime.decodeWords(value).trim();
  } catch {
    return value.trim();
  }
}

function messageIds(value: string): string[] {
  return [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] ?? '').filter((id) => id !== '');
}

const languages: readonly NotificationLanguage[] = ['de', 'nl', 'en'];

/** The first language tag of Content-Language (then Accept-Language) that is one of ours, by its primary subtag. */
export function languageOf(headers: Headers): NotificationLanguage | null {
  for (const key of ['content-language', 'accept-language']) {
    for (const tag of headers.getFirst(key).split(',')) {
      const primary = tag.split(';')[0]?.trim().split('-')[0]?.toLowerCase() ?? '';
      const hit = languages.find((l) => l === primary);
      if (hit) return hit;
    }
  }
  return null;
}

export function headerFields(headers: Headers): HeaderFields {
  const ids = (key: string): string[] => messageIds(headers.getFirst(key));
  return {
    messageId: ids('message-id')[0] ?? null,
    from: addresses(headers, 'from')[0] ?? null,
    to: addresses(headers, 'to').map((a) => a.address),
    cc: addresses(headers, 'cc').map((a) => a.address),
    subject: decoded(headers, 'subject'),
    date: headers.getFirst('date') || null,
    inReplyTo: ids('in-reply-to')[0] ?? null,
    references: ids('references'),
    language: languageOf(headers),
    secureHeader: headers.get('x-sealpost-secure').some((line) => line.slice(line.indexOf(':') + 1).trim() === '1'),
  };
}
