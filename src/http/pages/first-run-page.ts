import { escapeHtml, renderPage } from './html.ts';
import type { PageLanguage } from './page-language.ts';
import { pageText, plainPageText, type PageCatalogs, type PageText } from './page-text.ts';

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
  recovery: 'When a staff member loses every way to sign in, their earlier sent messages:',
  recoveryConsole: 'can be restored with an organisation recovery key, which the administrator creates in the console after signing in',
  recoveryKey: 'can be restored with this organisation recovery key (its public key, as age-keygen prints it):',
  recoveryLoss: 'are lost: nobody can open them again (staff keep their recovery codes safe)',
  recoveryChosenConsole: 'Earlier messages: the administrator creates the organisation recovery key in the console.',
  recoveryChosenKey: 'Earlier messages: restorable with the recovery key {fingerprint}. Keep its secret half offline.',
  recoveryChosenLoss: 'Earlier messages: lost when someone loses every way to sign in.',
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
    recovery: 'Wenn jemand aus dem Team alle Anmeldemöglichkeiten verliert, sind die früher gesendeten Nachrichten:',
    recoveryConsole: 'mit einem Wiederherstellungsschlüssel der Organisation wiederherstellbar, den die Administration nach der Anmeldung in der Konsole erstellt',
    recoveryKey: 'mit diesem Wiederherstellungsschlüssel der Organisation wiederherstellbar (sein öffentlicher Schlüssel, wie age-keygen ihn ausgibt):',
    recoveryLoss: 'verloren: niemand kann sie wieder öffnen (das Team bewahrt seine Wiederherstellungscodes gut auf)',
    recoveryChosenConsole: 'Frühere Nachrichten: Die Administration erstellt den Wiederherstellungsschlüssel der Organisation in der Konsole.',
    recoveryChosenKey: 'Frühere Nachrichten: wiederherstellbar mit dem Wiederherstellungsschlüssel {fingerprint}. Bewahren Sie seinen geheimen Teil offline auf.',
    recoveryChosenLoss: 'Frühere Nachrichten: verloren, wenn jemand alle Anmeldemöglichkeiten verliert.',
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
    recovery: 'Als een medewerker alle manieren om in te loggen kwijtraakt, zijn diens eerder verzonden berichten:',
    recoveryConsole: 'te herstellen met een herstelsleutel van de organisatie, die de beheerder na het inloggen in de console aanmaakt',
    recoveryKey: 'te herstellen met deze herstelsleutel van de organisatie (de publieke sleutel, zoals age-keygen die toont):',
    recoveryLoss: 'verloren: niemand kan ze nog openen (medewerkers bewaren hun herstelcodes goed)',
    recoveryChosenConsole: 'Eerdere berichten: de beheerder maakt de herstelsleutel van de organisatie aan in de console.',
    recoveryChosenKey: 'Eerdere berichten: te herstellen met herstelsleutel {fingerprint}. Bewaar het geheime deel offline.',
    recoveryChosenLoss: 'Eerdere berichten: verloren als iemand alle manieren om in te loggen kwijtraakt.',
  },
};

export type FirstRunView =
  | { kind: 'form'; token: string; error?: string }
  | { kind: 'done'; name: string; email: string; link: string; expires: string; recovery: FirstRunRecovery }
  | { kind: 'closed' }
  | { kind: 'refused' };

/** The set-up's answer to "what happens to earlier messages" (docs/security.md): asked here, never defaulted. */
export type FirstRunRecovery = { choice: 'console' } | { choice: 'loss' } | { choice: 'key'; fingerprint: string };

function recoveryDone(t: PageText<keyof typeof en>, recovery: FirstRunRecovery): string {
  if (recovery.choice === 'key') return t('recoveryChosenKey', { fingerprint: recovery.fingerprint });
  return t(recovery.choice === 'loss' ? 'recoveryChosenLoss' : 'recoveryChosenConsole');
}

function recoveryFieldset(t: PageText<keyof typeof en>): string {
  const option = (value: string, label: string, extra = '') =>
    `<p><input type="radio" id="kr-${value}" name="keyRecovery" value="${value}" required> <label for="kr-${value}" id="kr-${value}-label">${label}</label>${extra}</p>`;
  return `<fieldset><legend>${t('recovery')}</legend>` +
    option('console', t('recoveryConsole')) +
    option('key', t('recoveryKey'), '<br><input id="recoveryPublicKey" name="recoveryPublicKey" maxlength="100" spellcheck="false" autocomplete="off" aria-labelledby="kr-key-label">') +
    option('loss', t('recoveryLoss')) +
    '</fieldset>';
}

export function renderFirstRunPage(lang: PageLanguage, view: FirstRunView): string {
  const t = pageText(firstRunPageTexts, lang);
  const title = plainPageText(firstRunPageTexts, lang)('title');
  let body = `<h1>${t('title')}</h1>`;
  if (view.kind === 'closed') body += `<p>${t('closed')}</p>`;
  else if (view.kind === 'refused') body += `<p>${t('refused')}</p>`;
  else if (view.kind === 'done') {
    body += `<p>${t('done', { name: view.name })}</p><p>${t('link', { email: view.email, expires: view.expires })}</p><pre>${escapeHtml(view.link)}</pre><p>${recoveryDone(t, view.recovery)}</p>`;
  } else {
    const error = view.error ? `<p role="alert">${t('error', { message: view.error })}</p>` : '';
    body +=
      `<p>${t('lead')}</p>${error}<form method="post" action="/setup">` +
      `<input type="hidden" name="token" value="${escapeHtml(view.token)}">` +
      `<p><label for="name">${t('name')}</label><br><input id="name" name="name" required maxlength="200" autocomplete="organization"></p>` +
      `<p><label for="domains">${t('domains')}</label><br><input id="domains" name="domains" required maxlength="2000"></p>` +
      `<p><label for="admin">${t('admin')}</label><br><input id="admin" name="admin" type="email" required maxlength="254" autocomplete="email"></p>` +
      recoveryFieldset(t) +
      `<p><button type="submit">${t('submit')}</button></p></form>`;
  }
  return renderPage({ lang, title, body });
}
