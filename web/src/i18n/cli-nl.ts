// Aanmelden van de opdrachtregel (Nederlands). Elke sleutel uit cli-en.ts moet hier staan.
import type { CliMessageKey } from './cli-en.ts';

export const cliNl: Record<CliMessageKey, string> = {
  'cli.title': 'Opdrachtregel aanmelden',
  'cli.intro': 'De Sealpost-opdrachtregel toont een code wanneer u "sealpost login" uitvoert. Vul die hier in, zodat die computer namens u kan versturen.',
  'cli.checking': 'Uw aanmelding wordt gecontroleerd…',
  'cli.signedOut': 'U bent in deze browser niet aangemeld bij Sealpost. Meld u eerst aan en open deze pagina daarna opnieuw.',
  'cli.codeLabel': 'Code uit uw terminal',
  'cli.codeHint': 'Acht letters, bijvoorbeeld BCDF-GHJK. De code is 10 minuten geldig.',
  'cli.continue': 'Verder',
  'cli.unknownCode': 'Er wacht geen aanmelding op deze code. Controleer de code in uw terminal; die is 10 minuten geldig.',
  'cli.request': 'De opdrachtregel op "{host}" wil zich aanmelden als {email}.',
  'cli.requestedAt': 'Aangevraagd op {date} vanaf {address}.',
  'cli.requestedAtNoAddress': 'Aangevraagd op {date}.',
  'cli.compare': 'Toont uw terminal de code {code}? Keur alleen goed als u deze aanmelding zelf hebt gestart.',
  'cli.grants': 'De computer krijgt een persoonlijk token waarmee hij {days, plural, one {# dag} other {# dagen}} lang berichten kan versturen en uw verzonden berichten kan lezen. U kunt het altijd intrekken.',
  'cli.passwordLabel': 'Uw wachtwoord, ter bevestiging',
  'cli.passwordHint': 'U hebt uw wachtwoord meer dan 10 minuten geleden voor het laatst bevestigd.',
  'cli.providerHint': 'Na het bevestigen bij uw organisatie komt u terug op deze pagina: typ de code uit uw terminal dan opnieuw.',
  'cli.approve': 'Goedkeuren',
  'cli.deny': 'Weigeren',
  'cli.approved': 'Goedgekeurd. De opdrachtregel op "{host}" is aangemeld; u kunt deze pagina sluiten.',
  'cli.denied': 'Geweigerd. De opdrachtregel op "{host}" is niet aangemeld.',
  'cli.wrongPassword': 'Dit wachtwoord is niet juist.',
};
