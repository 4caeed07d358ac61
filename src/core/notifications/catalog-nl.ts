import type { Messages } from './messages.ts';

export const nl = {
  footer: () => 'Dit is een automatisch bericht van Sealpost. Beantwoord deze e-mail niet.',
  codeValidity: ({ minutes }) => `De code is ${minutes} minuten geldig en kan één keer worden gebruikt.`,
  codeNotRequested: () => 'Heeft u deze code niet aangevraagd? Dan kunt u deze e-mail negeren. Deel de code nooit met anderen.',
  linkFallback: () => 'Werkt de knop niet? Kopieer dan deze link naar uw browser:',
  subjectLine: ({ subject }) => `Onderwerp: ${subject}`,

  senderCodeSubject: () => 'Uw verificatiecode voor het versturen van een beveiligd bericht',
  senderCodeIntro: () => 'Voer deze code in om uw e-mailadres te bevestigen en uw beveiligde bericht te versturen:',

  recipientCodeSubject: ({ senderName }) => `Uw code om het beveiligde bericht van ${senderName} te openen`,
  recipientCodeIntro: ({ senderName }) => `Voer deze code in om het beveiligde bericht van ${senderName} te openen:`,

  newMessageSubject: ({ senderName }) => `${senderName} heeft u een beveiligd bericht gestuurd`,
  newMessageIntro: ({ senderName, senderAddress }) => `${senderName} (${senderAddress}) heeft u een beveiligd bericht gestuurd.`,
  newMessageFiles: ({ count }) => (count === 1 ? 'Bijgevoegd bestand:' : `Bijgevoegde bestanden (${count}):`),
  newMessageFilesHidden: ({ count, totalSize }) =>
    count === 1 ? `Er is 1 bestand (${totalSize}) bijgevoegd.` : `Er zijn ${count} bestanden (in totaal ${totalSize}) bijgevoegd.`,
  newMessageExpires: ({ date }) => `Het bericht is beschikbaar tot ${date}.`,
  newMessageButton: () => 'Beveiligd bericht openen',
  verifyHintEmailCode: () => 'Om het te openen ontvangt u een verificatiecode per e-mail.',
  verifyHintSmsCode: ({ maskedPhone }) => `Om het te openen ontvangt u een verificatiecode per sms op ${maskedPhone}.`,
  verifyHintAccessCode: () => 'Om het te openen heeft u de toegangscode nodig die de afzender met u heeft afgesproken.',
  verifyHintAccount: () => 'Om het te openen logt u in met uw Sealpost-account.',
  verifyHintNone: () => 'Iedereen met deze link kan het bericht openen. Stuur deze e-mail niet door.',

  activityOpenedSubject: ({ recipient }) => `${recipient} heeft uw beveiligde bericht geopend`,
  activityDownloadedSubject: ({ recipient }) => `${recipient} heeft bestanden uit uw beveiligde bericht gedownload`,
  activityOpened: ({ recipient, date }) => `${recipient} heeft uw beveiligde bericht geopend op ${date}.`,
  activityDownloaded: ({ recipient, date }) => `${recipient} heeft op ${date} bestanden uit uw beveiligde bericht gedownload.`,
  statusButton: () => 'Status van het bericht bekijken',

  lockoutSubject: ({ recipient }) => `Toegang geblokkeerd voor ${recipient}`,
  lockoutBody: ({ recipient, date }) =>
    `${recipient} heeft te vaak een verkeerde verificatiecode ingevoerd (laatste poging ${date}). Om uw bericht te beschermen is de toegang voor deze ontvanger geblokkeerd.`,
  lockoutAction: () => 'Was dit uw ontvanger? Dan kunt u de toegang weer vrijgeven op de statuspagina van het bericht.',

  replySubject: ({ recipient }) => `Beveiligd antwoord van ${recipient}`,
  replyIntro: ({ recipient }) => `${recipient} heeft op uw beveiligde bericht geantwoord.`,
  replyButton: () => 'Antwoord lezen',

  withdrawnSubject: ({ senderName }) => `Een beveiligd bericht van ${senderName} is ingetrokken`,
  withdrawnBody: ({ senderName, senderAddress }) => `${senderName} (${senderAddress}) heeft een beveiligd bericht aan u ingetrokken.`,
  withdrawnNote: () => 'De link in de eerdere e-mail werkt niet meer. Neem contact op met de afzender als u de informatie nog nodig heeft.',

  smsCode: ({ code, minutes }) => `Uw Sealpost-code: ${code}. ${minutes} minuten geldig. Deel deze code nooit.`,
} satisfies Messages;
