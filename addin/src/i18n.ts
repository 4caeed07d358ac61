// The add-in's texts in German, Dutch and English, following Outlook's display language (Office.context.displayLanguage,
// e.g. "de-DE"). Formatted by the same ICU message layer as the web app and the notifications
// (src/core/text/message-format.ts). A catalog of its own rather than the web app's: the task pane and the send
// handler must stay small (the Windows send runtime loads commands.js on every send), and share few texts with it.
import { formatMessage, type MessageValues } from '../../src/core/text/message-format.ts';

export type AddinLang = 'de' | 'nl' | 'en';

const en = {
  'app.title': 'Sealpost',
  'signIn.heading': 'Sign in to Sealpost',
  'signIn.explain': 'Sign in once with your Sealpost account; Outlook keeps you signed in until you sign out or the session is revoked.',
  'signIn.button': 'Sign in to Sealpost',
  'signIn.code': 'Your sign-in code: {code}. Enter it on the page that opens.',
  'signIn.waiting': 'Waiting for you to confirm the sign-in…',
  'signIn.failed': 'Signing in did not work: {reason}',
  'signIn.signedInAs': 'Signed in as {email}',
  'signIn.signOut': 'Sign out',
  'compose.heading': 'This message',
  'compose.toggle': 'Send securely',
  'compose.on': 'This message will be sent securely.',
  'compose.off': 'This message will be sent as ordinary e-mail.',
  'compose.gateway': 'Outlook sends it through your organisation’s secure mail gateway.',
  'compose.saveFailed': 'Could not change the setting: {reason}',
  'read.heading': 'Received message',
  'read.placeholder': 'Read status and recall for messages you sent securely will appear here.',
  'outside.heading': 'Open this from Outlook',
  'outside.explain': 'This page is the Sealpost add-in for Outlook. It works only inside Outlook.',
  'send.headerFailed': 'Sealpost could not mark this message for secure sending. Try again, or turn off “Send securely” in the Sealpost pane.',
  'send.required': 'Sealpost: this message must be sent securely. {notices} Choose “Send securely”, then press Send again.',
  'send.acknowledge': 'Sealpost security notice. {notices} Check the message; press Send again to send it as it is.',
  'send.sendSecurely': 'Send securely',
  'verify.heading': 'How recipients verify',
  'verify.none': 'Add recipients in To or Cc, then choose Refresh.',
  'verify.method': 'Verification',
  'verify.fromDirectory': 'Preset from your organisation’s directory.',
  'verify.fromSender': 'Preset from your last message to this address.',
  'verify.phone': 'Mobile number for the SMS',
  'verify.knownPhone': 'Leave empty to use the known number {phone}.',
  'verify.lang': 'Language of the notification',
  'verify.refresh': 'Refresh recipients',
  'verify.saved': 'Saved with this message.',
  'verify.failed': 'Could not load or save the verification: {reason}',
  'method.account': 'Account (strongest)',
  'method.sms': 'SMS code',
  'method.code': 'Access code',
  'method.email': 'E-mail code (weakest)',
  'method.none': 'No verification',
  'lang.de': 'German',
  'lang.nl': 'Dutch',
  'lang.en': 'English',
} as const;

export type AddinMessageKey = keyof typeof en;

const de: Record<AddinMessageKey, string> = {
  'app.title': 'Sealpost',
  'signIn.heading': 'Bei Sealpost anmelden',
  'signIn.explain': 'Melden Sie sich einmal mit Ihrem Sealpost-Konto an; Outlook bleibt angemeldet, bis Sie sich abmelden oder die Sitzung widerrufen wird.',
  'signIn.button': 'Bei Sealpost anmelden',
  'signIn.code': 'Ihr Anmeldecode: {code}. Geben Sie ihn auf der Seite ein, die sich öffnet.',
  'signIn.waiting': 'Warten auf Ihre Bestätigung der Anmeldung …',
  'signIn.failed': 'Die Anmeldung hat nicht geklappt: {reason}',
  'signIn.signedInAs': 'Angemeldet als {email}',
  'signIn.signOut': 'Abmelden',
  'compose.heading': 'Diese Nachricht',
  'compose.toggle': 'Sicher senden',
  'compose.on': 'Diese Nachricht wird sicher gesendet.',
  'compose.off': 'Diese Nachricht wird als normale E-Mail gesendet.',
  'compose.gateway': 'Outlook sendet sie über das sichere Mail-Gateway Ihrer Organisation.',
  'compose.saveFailed': 'Die Einstellung ließ sich nicht ändern: {reason}',
  'read.heading': 'Empfangene Nachricht',
  'read.placeholder': 'Lesestatus und Rückruf für Ihre sicher gesendeten Nachrichten erscheinen hier.',
  'outside.heading': 'Bitte aus Outlook öffnen',
  'outside.explain': 'Diese Seite ist das Sealpost-Add-in für Outlook. Sie funktioniert nur in Outlook.',
  'send.headerFailed': 'Sealpost konnte diese Nachricht nicht für den sicheren Versand markieren. Versuchen Sie es erneut oder schalten Sie „Sicher senden“ im Sealpost-Bereich aus.',
  'send.required': 'Sealpost: Diese Nachricht muss sicher gesendet werden. {notices} Wählen Sie „Sicher senden“ und drücken Sie dann erneut auf Senden.',
  'send.acknowledge': 'Sealpost-Sicherheitshinweis. {notices} Prüfen Sie die Nachricht; drücken Sie erneut auf Senden, um sie so zu senden.',
  'send.sendSecurely': 'Sicher senden',
  'verify.heading': 'So weisen sich die Empfänger aus',
  'verify.none': 'Fügen Sie Empfänger in An oder Cc hinzu und wählen Sie dann Aktualisieren.',
  'verify.method': 'Prüfung',
  'verify.fromDirectory': 'Vorgabe aus dem Verzeichnis Ihrer Organisation.',
  'verify.fromSender': 'Vorgabe aus Ihrer letzten Nachricht an diese Adresse.',
  'verify.phone': 'Mobilnummer für die SMS',
  'verify.knownPhone': 'Leer lassen, um die bekannte Nummer {phone} zu verwenden.',
  'verify.lang': 'Sprache der Benachrichtigung',
  'verify.refresh': 'Empfänger aktualisieren',
  'verify.saved': 'Mit dieser Nachricht gespeichert.',
  'verify.failed': 'Die Prüfung ließ sich nicht laden oder speichern: {reason}',
  'method.account': 'Konto (am stärksten)',
  'method.sms': 'SMS-Code',
  'method.code': 'Zugangscode',
  'method.email': 'E-Mail-Code (am schwächsten)',
  'method.none': 'Keine Prüfung',
  'lang.de': 'Deutsch',
  'lang.nl': 'Niederländisch',
  'lang.en': 'Englisch',
};

const nl: Record<AddinMessageKey, string> = {
  'app.title': 'Sealpost',
  'signIn.heading': 'Aanmelden bij Sealpost',
  'signIn.explain': 'Meld u één keer aan met uw Sealpost-account; Outlook blijft aangemeld totdat u zich afmeldt of de sessie wordt ingetrokken.',
  'signIn.button': 'Aanmelden bij Sealpost',
  'signIn.code': 'Uw aanmeldcode: {code}. Voer deze in op de pagina die opent.',
  'signIn.waiting': 'Wachten tot u de aanmelding bevestigt…',
  'signIn.failed': 'Aanmelden is niet gelukt: {reason}',
  'signIn.signedInAs': 'Aangemeld als {email}',
  'signIn.signOut': 'Afmelden',
  'compose.heading': 'Dit bericht',
  'compose.toggle': 'Veilig versturen',
  'compose.on': 'Dit bericht wordt veilig verstuurd.',
  'compose.off': 'Dit bericht wordt als gewone e-mail verstuurd.',
  'compose.gateway': 'Outlook verstuurt het via de beveiligde mailgateway van uw organisatie.',
  'compose.saveFailed': 'De instelling kon niet worden gewijzigd: {reason}',
  'read.heading': 'Ontvangen bericht',
  'read.placeholder': 'Leesstatus en intrekken van uw veilig verstuurde berichten verschijnen hier.',
  'outside.heading': 'Open dit vanuit Outlook',
  'outside.explain': 'Deze pagina is de Sealpost-invoegtoepassing voor Outlook. Ze werkt alleen in Outlook.',
  'send.headerFailed': 'Sealpost kon dit bericht niet markeren voor veilig versturen. Probeer het opnieuw of zet „Veilig versturen” uit in het Sealpost-venster.',
  'send.required': 'Sealpost: dit bericht moet veilig worden verstuurd. {notices} Kies „Veilig versturen” en klik daarna opnieuw op Verzenden.',
  'send.acknowledge': 'Sealpost-beveiligingsmelding. {notices} Controleer het bericht; klik opnieuw op Verzenden om het zo te versturen.',
  'send.sendSecurely': 'Veilig versturen',
  'verify.heading': 'Hoe ontvangers zich verifiëren',
  'verify.none': 'Voeg ontvangers toe in Aan of Cc en kies dan Vernieuwen.',
  'verify.method': 'Verificatie',
  'verify.fromDirectory': 'Vooraf ingesteld uit de adreslijst van uw organisatie.',
  'verify.fromSender': 'Vooraf ingesteld uit uw laatste bericht aan dit adres.',
  'verify.phone': 'Mobiel nummer voor de sms',
  'verify.knownPhone': 'Laat leeg om het bekende nummer {phone} te gebruiken.',
  'verify.lang': 'Taal van de melding',
  'verify.refresh': 'Ontvangers vernieuwen',
  'verify.saved': 'Opgeslagen bij dit bericht.',
  'verify.failed': 'De verificatie kon niet worden geladen of opgeslagen: {reason}',
  'method.account': 'Account (sterkste)',
  'method.sms': 'Sms-code',
  'method.code': 'Toegangscode',
  'method.email': 'E-mailcode (zwakste)',
  'method.none': 'Geen verificatie',
  'lang.de': 'Duits',
  'lang.nl': 'Nederlands',
  'lang.en': 'Engels',
};

const catalogs: Record<AddinLang, Record<AddinMessageKey, string>> = { en, de, nl };
const locales: Record<AddinLang, string> = { en: 'en-GB', de: 'de-DE', nl: 'nl-NL' };

/** Outlook's display language ("de-DE", "nl-BE", "en-US", …) → the add-in's language; English for anything else. */
export function languageOf(displayLanguage: string | undefined): AddinLang {
  const primary = (displayLanguage ?? '').toLowerCase().split(/[-_]/)[0];
  return primary === 'de' || primary === 'nl' ? primary : 'en';
}

export type AddinTranslate = (key: AddinMessageKey, values?: MessageValues) => string;

export function translator(lang: AddinLang): AddinTranslate {
  return (key, values) => formatMessage(locales[lang], catalogs[lang][key], values);
}

/** For the catalog test: every language has every key. */
export const addinCatalogs = catalogs;
