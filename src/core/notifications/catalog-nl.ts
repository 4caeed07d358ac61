import type { Catalog } from './messages.ts';

export const nl = {
  footer: 'Dit is een automatisch bericht van Sealpost. Beantwoord deze e-mail niet.',
  codeValidity: 'De code is {minutes, plural, one {# minuut} other {# minuten}} geldig en kan één keer worden gebruikt.',
  codeNotRequested: 'Heeft u deze code niet aangevraagd? Dan kunt u deze e-mail negeren. Deel de code nooit met anderen.',
  linkFallback: 'Werkt de knop niet? Kopieer dan deze link naar uw browser:',
  subjectLine: 'Onderwerp: {subject}',

  senderCodeSubject: 'Uw verificatiecode voor het versturen van een beveiligd bericht',
  senderCodeIntro: 'Voer deze code in om uw e-mailadres te bevestigen en uw beveiligde bericht te versturen:',

  recipientCodeSubject: 'Uw code om het beveiligde bericht van {senderName} te openen',
  recipientCodeIntro: 'Voer deze code in om het beveiligde bericht van {senderName} te openen:',

  newMessageSubject: '{senderName} heeft u een beveiligd bericht gestuurd',
  newMessageIntro: '{senderName} ({senderAddress}) heeft u een beveiligd bericht gestuurd.',
  newMessageFiles: '{count, plural, one {Bijgevoegd bestand:} other {Bijgevoegde bestanden (#):}}',
  newMessageFilesHidden: '{count, plural, one {Er is # bestand ({totalSize}) bijgevoegd.} other {Er zijn # bestanden (in totaal {totalSize}) bijgevoegd.}}',
  newMessageExpires: 'Het bericht is beschikbaar tot {date}.',
  newMessageButton: 'Beveiligd bericht openen',
  verifyHintEmailCode: 'Om het te openen ontvangt u een verificatiecode per e-mail.',
  verifyHintSmsCode: 'Om het te openen ontvangt u een verificatiecode per sms op {maskedPhone}.',
  verifyHintAccessCode: 'Om het te openen heeft u de toegangscode nodig die de afzender met u heeft afgesproken.',
  verifyHintAccount: 'Het is versleuteld met uw eigen sleutel: log in op uw Sealpost-inbox om het te lezen. U hoeft geen code in te voeren, alleen uw wachtwoord.',
  verifyHintNone: 'Iedereen met deze link kan het bericht openen. Stuur deze e-mail niet door.',

  activityOpenedSubject: '{recipient} heeft uw beveiligde bericht geopend',
  activityDownloadedSubject: '{recipient} heeft bestanden uit uw beveiligde bericht gedownload',
  activityOpened: '{recipient} heeft uw beveiligde bericht geopend op {date}.',
  activityDownloaded: '{recipient} heeft op {date} bestanden uit uw beveiligde bericht gedownload.',
  statusButton: 'Status van het bericht bekijken',

  lockoutSubject: 'Toegang geblokkeerd voor {recipient}',
  lockoutBody: '{recipient} heeft te vaak een verkeerde verificatiecode ingevoerd (laatste poging {date}). Om uw bericht te beschermen is de toegang voor deze ontvanger geblokkeerd.',
  lockoutAction: 'Was dit uw ontvanger? Dan kunt u de toegang weer vrijgeven op de statuspagina van het bericht.',

  supportContact: 'Vragen over dit bericht? Ondersteuning van {orgName}: {contact}',
  invitationSubject: 'Uitnodiging voor {orgName} op Sealpost',
  invitationIntro: '{orgName} nodigt u uit om vertrouwelijke berichten te verzenden en te ontvangen met Sealpost. Stel uw wachtwoord en tweede factor in om te beginnen.',
  invitationButton: 'Uitnodiging accepteren',
  invitationExpires: 'De link werkt één keer, tot {date}.',
  invitationNotExpected: 'Als u deze uitnodiging niet verwachtte, negeer deze e-mail dan.',
  replySubject: 'Beveiligd antwoord van {recipient}',
  replyIntro: '{recipient} heeft op uw beveiligde bericht geantwoord.',
  replyButton: 'Antwoord lezen',

  withdrawnSubject: 'Een beveiligd bericht van {senderName} is ingetrokken',
  withdrawnBody: '{senderName} ({senderAddress}) heeft een beveiligd bericht aan u ingetrokken.',
  withdrawnNote: 'De link in de eerdere e-mail werkt niet meer. Neem contact op met de afzender als u de informatie nog nodig heeft.',

  smsCode: 'Uw Sealpost-code: {code}. {minutes, plural, one {# minuut} other {# minuten}} geldig. Deel deze code nooit.',
  accountCodeSubjectRegister: 'Uw code om uw Sealpost-inbox in te stellen',
  accountCodeIntroRegister: 'Voer deze code in om uw e-mailadres te bevestigen en uw Sealpost-inbox in te stellen:',
  accountCodeSubjectReset: 'Uw code om het wachtwoord van uw Sealpost-inbox opnieuw in te stellen',
  accountCodeIntroReset: 'Voer deze code in om het wachtwoord van uw Sealpost-inbox opnieuw in te stellen. Berichten die met uw oude sleutel zijn versleuteld, kunnen daarna niet meer worden geopend; de afzenders kunnen ze opnieuw versturen.',
  accountRegisteredSubject: '{recipient} ontvangt beveiligde berichten nu zonder code',
  accountRegisteredBody: '{recipient} heeft een Sealpost-inbox ingesteld. Berichten die u vanaf nu naar dit adres stuurt, worden direct met de sleutel van de ontvanger versleuteld en komen aan zonder code om in te voeren.',
  accountKeyLostSubject: '{recipient} kan uw beveiligde bericht niet meer openen',
  accountKeyLostBody: '{recipient} heeft het Sealpost-wachtwoord en daarmee de sleutel opnieuw ingesteld. {count, plural, one {# bericht dat u heeft verstuurd, kan} other {# berichten die u heeft verstuurd, kunnen}} niet meer worden geopend.',
  accountKeyLostAction: 'Op de statuspagina van het bericht kunt u het met één klik opnieuw naar de nieuwe sleutel versturen.',
  accountExistsSubject: 'U heeft al een Sealpost-inbox',
  accountExistsBody: 'Iemand, waarschijnlijk u, wilde voor dit adres een Sealpost-inbox instellen, maar er is er al een. Meld u aan met uw wachtwoord, of stel het opnieuw in als u het bent vergeten. Was u dit niet, dan kunt u deze e-mail negeren.',
  accountMissingSubject: 'Voor dit adres is er geen Sealpost-inbox',
  accountMissingBody: 'Iemand, waarschijnlijk u, wilde het wachtwoord van een Sealpost-inbox voor dit adres opnieuw instellen, maar er is er geen. U kunt er in plaats daarvan een instellen. Was u dit niet, dan kunt u deze e-mail negeren.',

  gatewayLinksHeading: '{count, plural, one {Eén bestand was te groot voor deze e-mail. U kunt het hier downloaden:} other {# bestanden waren te groot voor deze e-mail. U kunt ze hier downloaden:}}',
} satisfies Catalog;
