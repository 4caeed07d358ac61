// Anmeldung der Kommandozeile (Deutsch). Jeder Schlüssel aus cli-en.ts muss hier stehen.
import type { CliMessageKey } from './cli-en.ts';

export const cliDe: Record<CliMessageKey, string> = {
  'cli.title': 'Kommandozeile anmelden',
  'cli.intro': 'Die Sealpost-Kommandozeile zeigt einen Code, wenn Sie „sealpost login“ ausführen. Geben Sie ihn hier ein, damit dieser Computer in Ihrem Namen senden kann.',
  'cli.checking': 'Ihre Anmeldung wird geprüft…',
  'cli.signedOut': 'Sie sind in diesem Browser nicht bei Sealpost angemeldet. Melden Sie sich zuerst an und öffnen Sie diese Seite dann erneut.',
  'cli.codeLabel': 'Code aus Ihrem Terminal',
  'cli.codeHint': 'Acht Buchstaben, zum Beispiel BCDF-GHJK. Er ist 10 Minuten gültig.',
  'cli.continue': 'Weiter',
  'cli.unknownCode': 'Zu diesem Code wartet keine Anmeldung. Prüfen Sie den Code in Ihrem Terminal; er ist 10 Minuten gültig.',
  'cli.request': 'Die Kommandozeile auf „{host}“ möchte sich als {email} anmelden.',
  'cli.requestedAt': 'Angefragt am {date} von {address}.',
  'cli.requestedAtNoAddress': 'Angefragt am {date}.',
  'cli.compare': 'Zeigt Ihr Terminal den Code {code}? Bestätigen Sie nur, wenn Sie diese Anmeldung selbst gestartet haben.',
  'cli.grants': 'Der Computer erhält ein persönliches Token, mit dem er {days, plural, one {# Tag} other {# Tage}} lang Nachrichten senden und Ihre gesendeten Nachrichten lesen kann. Sie können es jederzeit widerrufen.',
  'cli.passwordLabel': 'Ihr Passwort zur Bestätigung',
  'cli.passwordHint': 'Sie haben Ihr Passwort zuletzt vor mehr als 10 Minuten bestätigt.',
  'cli.providerHint': 'Nach der Bestätigung bei Ihrer Organisation kommen Sie auf diese Seite zurück: Geben Sie den Code aus Ihrem Terminal dann noch einmal ein.',
  'cli.approve': 'Bestätigen',
  'cli.deny': 'Ablehnen',
  'cli.approved': 'Bestätigt. Die Kommandozeile auf „{host}“ ist angemeldet; Sie können diese Seite schließen.',
  'cli.denied': 'Abgelehnt. Die Kommandozeile auf „{host}“ ist nicht angemeldet.',
  'cli.wrongPassword': 'Dieses Passwort ist nicht richtig.',
};
