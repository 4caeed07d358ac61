import { escapeHtml, renderPage } from './html.ts';
import type { PageLanguage } from './page-language.ts';
import { pageText, plainPageText, type PageCatalogs } from './page-text.ts';

const en = {
  title: 'Set up Sealpost',
  lead: 'No organisation exists yet. Create the first one and invite its administrator.',
  name: 'Organisation name',
  domains: 'Mail domains (comma-separated)',
  admin: "Administrator's e-mail address",
  submit: 'Create organisation',
  done: 'The organisation {name} was created.',
  link: 'Pass this single-use invitation link to {email} (valid until {expires}):',
  closed: 'This installation is already set up. Administrators manage it after signing in.',
  refused: 'The first-run page is available only on this machine (loopback) or with the setup token from the server log.',
  error: 'That did not work: {message}',
};

export const firstRunPageTexts: PageCatalogs<keyof typeof en> = {
  en,
  de: {
    title: 'Sealpost einrichten',
    lead: 'Es gibt noch keine Organisation. Legen Sie die erste an und laden Sie ihre Administration ein.',
    name: 'Name der Organisation',
    domains: 'E-Mail-Domains (durch Kommas getrennt)',
    admin: 'E-Mail-Adresse der Administration',
    submit: 'Organisation anlegen',
    done: 'Die Organisation {name} wurde angelegt.',
    link: 'Geben Sie diesen einmal gültigen Einladungslink an {email} weiter (gültig bis {expires}):',
    closed: 'Diese Installation ist bereits eingerichtet. Die Administration verwaltet sie nach der Anmeldung.',
    refused: 'Die Einrichtungsseite ist nur auf diesem Rechner (Loopback) oder mit dem Einrichtungs-Token aus dem Server-Log erreichbar.',
    error: 'Das hat nicht geklappt: {message}',
  },
  nl: {
    title: 'Sealpost instellen',
    lead: 'Er is nog geen organisatie. Maak de eerste aan en nodig de beheerder uit.',
    name: 'Naam van de organisatie',
    domains: 'E-maildomeinen (gescheiden door komma’s)',
    admin: 'E-mailadres van de beheerder',
    submit: 'Organisatie aanmaken',
    done: 'De organisatie {name} is aangemaakt.',
    link: 'Geef deze eenmalige uitnodigingslink door aan {email} (geldig tot {expires}):',
    closed: 'Deze installatie is al ingesteld. Beheerders beheren haar na het inloggen.',
    refused: 'De instelpagina is alleen bereikbaar op deze machine (loopback) of met het insteltoken uit het serverlogboek.',
    error: 'Dat is niet gelukt: {message}',
  },
};

export type FirstRunView =
  | { kind: 'form'; token: string; error?: string }
  | { kind: 'done'; name: string; email: string; link: string; expires: string }
  | { kind: 'closed' }
  | { kind: 'refused' };

export function renderFirstRunPage(lang: PageLanguage, view: FirstRunView): string {
  const t = pageText(firstRunPageTexts, lang);
  const title = plainPageText(firstRunPageTexts, lang)('title');
  let body = `<h1>${t('title')}</h1>`;
  if (view.kind === 'closed') body += `<p>${t('closed')}</p>`;
  else if (view.kind === 'refused') body += `<p>${t('refused')}</p>`;
  else if (view.kind === 'done') {
    body += `<p>${t('done', { name: view.name })}</p><p>${t('link', { email: view.email, expires: view.expires })}</p><pre>${escapeHtml(view.link)}</pre>`;
  } else {
    const error = view.error ? `<p role="alert">${t('error', { message: view.error })}</p>` : '';
    body +=
      `<p>${t('lead')}</p>${error}<form method="post" action="/setup">` +
      `<input type="hidden" name="token" value="${escapeHtml(view.token)}">` +
      `<p><label for="name">${t('name')}</label><br><input id="name" name="name" required maxlength="200" autocomplete="organization"></p>` +
      `<p><label for="domains">${t('domains')}</label><br><input id="domains" name="domains" required maxlength="2000"></p>` +
      `<p><label for="admin">${t('admin')}</label><br><input id="admin" name="admin" type="email" required maxlength="254" autocomplete="email"></p>` +
      `<p><button type="submit">${t('submit')}</button></p></form>`;
  }
  return renderPage({ lang, title, body });
}
