// The read view's pure pieces: which links in a received mail are Sealpost notification links to THIS server
// (notification-link.ts), and the transfer header out of a Sent Items copy's header block (sent-status.ts).
import { describe, expect, it } from 'vitest';
import { recipientLinkOf, recipientLinksIn } from '../../addin/src/notification-link.ts';
import { headerValue } from '../../addin/src/sent-status.ts';

const origin = 'https://sealpost.praxis.example';
const id = 'AbCdEfGhIjKlMnOpQrStUv';
const secret = 'S'.repeat(42) + 'x';

describe('notification links', () => {
  it('accepts this server’s recipient link with its secret, and the inbox link', () => {
    expect(recipientLinkOf(`${origin}/r/${id}#${secret}`, origin)).toBe(`${origin}/r/${id}#${secret}`);
    expect(recipientLinkOf(`${origin}/inbox/m/${id}`, origin)).toBe(`${origin}/inbox/m/${id}`);
  });

  it('refuses other origins, look-alikes and anything not shaped like a link Sealpost sends', () => {
    for (const bad of [
      `https://sealpost.praxis.example.evil/r/${id}#${secret}`,
      `http://sealpost.praxis.example/r/${id}#${secret}`,
      `https://user@sealpost.praxis.example/r/${id}#${secret}`,
      `${origin}/r/${id}`,
      `${origin}/r/${id}#short`,
      `${origin}/r/${id}?x=1#${secret}`,
      `${origin}/r/${id.slice(1)}#${secret}`,
      `${origin}/inbox/m/${id}#${secret}`,
      `${origin}/inbox/m/${id}/extra`,
      `${origin}/send`,
      'not a url',
    ]) expect(recipientLinkOf(bad, origin), bad).toBeUndefined();
  });

  it('finds each link once in text and HTML bodies, in order', () => {
    const text = `Hallo,\n\nÖffnen: ${origin}/r/${id}#${secret}\n\nAuch: https://other.example/r/${id}#${secret}`;
    const html = `<p><a href="${origin}/r/${id}#${secret}">Öffnen</a> <a href='${origin}/inbox/m/${id}'>Posteingang</a></p>`;
    expect(recipientLinksIn([html, text], origin)).toEqual([`${origin}/r/${id}#${secret}`, `${origin}/inbox/m/${id}`]);
    expect(recipientLinksIn(['nothing here'], origin)).toEqual([]);
  });
});

describe('header block', () => {
  it('reads a header case-insensitively, folded lines joined, the first if repeated', () => {
    const block = `Received: from a\r\n by b\r\nx-sealpost-transfer:\r\n\t${id}\r\nX-Sealpost-Transfer: second\r\nSubject: Befund\r\n`;
    expect(headerValue(block, 'X-Sealpost-Transfer')).toBe(id);
    expect(headerValue(block, 'Subject')).toBe('Befund');
    expect(headerValue(block, 'X-Missing')).toBeUndefined();
    expect(headerValue('', 'X-Sealpost-Transfer')).toBeUndefined();
  });
});
