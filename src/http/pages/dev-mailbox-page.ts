import type { CaughtMessage } from '../../core/ports/dev-mailbox.ts';
import { escapeHtml, renderPage, textWithLinks } from './html.ts';
import type { PageLanguage } from './page-language.ts';
import { pageText, plainPageText, type PageCatalogs } from './page-text.ts';

const en = {
  title: 'Dev mailbox',
  intro: 'E-mail and SMS that Sealpost would have sent. Nothing here left this machine. Newest first.',
  warning:
    'This page is only for trying Sealpost on this machine: it shows every link and code in clear to whoever can open it. Messages are kept in memory and lost when the server restarts. Set SMTP_URL for real use.',
  count: '{count, plural, one {# message caught} other {# messages caught}}',
  empty: 'Nothing caught yet.',
  when: 'Caught',
  kind: 'Type',
  to: 'To',
  subject: 'Subject / text',
  mail: 'E-mail',
  sms: 'SMS',
  back: 'Back to the dev mailbox',
  from: 'From',
  html: 'HTML version',
  notFound: 'This message is not in the dev mailbox (any more).',
};

export const mailboxPageTexts: PageCatalogs<keyof typeof en> = {
  en,
  de: {
    title: 'Entwickler-Postfach',
    intro: 'E-Mails und SMS, die Sealpost verschickt hätte. Nichts davon hat diesen Rechner verlassen. Neueste zuerst.',
    warning:
      'Diese Seite dient nur zum Ausprobieren von Sealpost auf diesem Rechner: Sie zeigt jeden Link und jeden Code im Klartext für alle, die sie öffnen können. Nachrichten liegen nur im Arbeitsspeicher und gehen beim Neustart des Servers verloren. Für den echten Betrieb SMTP_URL setzen.',
    count: '{count, plural, one {# Nachricht abgefangen} other {# Nachrichten abgefangen}}',
    empty: 'Noch nichts abgefangen.',
    when: 'Abgefangen',
    kind: 'Art',
    to: 'An',
    subject: 'Betreff / Text',
    mail: 'E-Mail',
    sms: 'SMS',
    back: 'Zurück zum Entwickler-Postfach',
    from: 'Von',
    html: 'HTML-Fassung',
    notFound: 'Diese Nachricht ist nicht (mehr) im Entwickler-Postfach.',
  },
  nl: {
    title: 'Ontwikkelaarsmailbox',
    intro: 'E-mail en sms die Sealpost zou hebben verstuurd. Niets hiervan heeft deze computer verlaten. Nieuwste eerst.',
    warning:
      'Deze pagina is alleen om Sealpost op deze computer uit te proberen: iedereen die haar kan openen ziet elke link en code leesbaar. Berichten staan alleen in het geheugen en gaan verloren als de server herstart. Stel SMTP_URL in voor echt gebruik.',
    count: '{count, plural, one {# bericht opgevangen} other {# berichten opgevangen}}',
    empty: 'Nog niets opgevangen.',
    when: 'Opgevangen',
    kind: 'Soort',
    to: 'Aan',
    subject: 'Onderwerp / tekst',
    mail: 'E-mail',
    sms: 'Sms',
    back: 'Terug naar de ontwikkelaarsmailbox',
    from: 'Van',
    html: 'HTML-versie',
    notFound: 'Dit bericht staat niet (meer) in de ontwikkelaarsmailbox.',
  },
};

function recipientOf(item: CaughtMessage): string {
  return item.kind === 'mail' ? item.mail.to.map((t) => t.address).join(', ') : item.sms.to;
}

function dateTime(date: Date, lang: PageLanguage): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

export function renderMailboxList(items: CaughtMessage[], lang: PageLanguage): string {
  const t = pageText(mailboxPageTexts, lang);
  const rows = items
    .map((item) => {
      const summary = item.kind === 'mail' ? item.mail.subject : item.sms.text;
      return `<tr>
<td><time datetime="${item.caughtAt.toISOString()}">${escapeHtml(dateTime(item.caughtAt, lang))}</time></td>
<td><span class="badge">${item.kind === 'mail' ? t('mail') : t('sms')}</span></td>
<td>${escapeHtml(recipientOf(item))}</td>
<td><a href="/dev/mailbox/${encodeURIComponent(item.id)}">${escapeHtml(summary)}</a></td>
</tr>`;
    })
    .join('\n');
  const table = items.length
    ? `<p>${t('count', { count: items.length })}</p><table><caption class="muted">${t('intro')}</caption>
<thead><tr><th scope="col">${t('when')}</th><th scope="col">${t('kind')}</th><th scope="col">${t('to')}</th><th scope="col">${t('subject')}</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : `<p class="muted">${t('intro')}</p><p>${t('empty')}</p>`;
  return renderPage({ lang, title: plainPageText(mailboxPageTexts, lang)('title'), body: `<h1>${t('title')}</h1>\n<p role="note"><strong>${t('warning')}</strong></p>\n${table}` });
}

export function renderMailboxItem(item: CaughtMessage | undefined, lang: PageLanguage): string {
  const t = pageText(mailboxPageTexts, lang);
  const plain = plainPageText(mailboxPageTexts, lang);
  const back = `<p><a href="/dev/mailbox">${t('back')}</a></p>`;
  if (!item) return renderPage({ lang, title: plain('title'), body: `<h1>${t('title')}</h1><p>${t('notFound')}</p>${back}` });
  if (item.kind === 'sms') {
    const body = `<h1>${t('sms')}</h1><dl><dt>${t('to')}</dt><dd>${escapeHtml(item.sms.to)}</dd><dt>${t('when')}</dt><dd>${escapeHtml(dateTime(item.caughtAt, lang))}</dd></dl>
<pre>${textWithLinks(item.sms.text)}</pre>${back}`;
    return renderPage({ lang, title: plain('sms'), body });
  }
  const { mail } = item;
  const from = mail.from ? `${mail.from.name ? `${mail.from.name} ` : ''}<${mail.from.address}>` : '';
  const body = `<h1>${escapeHtml(mail.subject)}</h1>
<dl><dt>${t('from')}</dt><dd>${escapeHtml(from)}</dd><dt>${t('to')}</dt><dd>${escapeHtml(recipientOf(item))}</dd>
<dt>${t('when')}</dt><dd>${escapeHtml(dateTime(item.caughtAt, lang))}</dd></dl>
<pre>${textWithLinks(mail.text)}</pre>
<p><a href="/dev/mailbox/${encodeURIComponent(item.id)}/html">${t('html')}</a></p>${back}`;
  return renderPage({ lang, title: mail.subject, body });
}
