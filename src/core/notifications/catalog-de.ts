import type { Catalog } from './messages.ts';

export const de = {
  footer: 'Dies ist eine automatisch von Sealpost versendete Nachricht. Bitte antworten Sie nicht auf diese E-Mail.',
  codeValidity: 'Der Code ist {minutes, plural, one {# Minute} other {# Minuten}} gültig und kann einmal verwendet werden.',
  codeNotRequested: 'Wenn Sie diesen Code nicht angefordert haben, können Sie diese E-Mail ignorieren. Geben Sie den Code niemals weiter.',
  linkFallback: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:',
  subjectLine: 'Betreff: {subject}',

  senderCodeSubject: 'Ihr Bestätigungscode zum Versenden einer sicheren Nachricht',
  senderCodeIntro: 'Geben Sie diesen Code ein, um Ihre E-Mail-Adresse zu bestätigen und Ihre sichere Nachricht zu senden:',

  recipientCodeSubject: 'Ihr Code zum Öffnen der sicheren Nachricht von {senderName}',
  recipientCodeIntro: 'Geben Sie diesen Code ein, um die sichere Nachricht von {senderName} zu öffnen:',

  newMessageSubject: '{senderName} hat Ihnen eine sichere Nachricht gesendet',
  newMessageIntro: '{senderName} ({senderAddress}) hat Ihnen eine sichere Nachricht gesendet.',
  newMessageFiles: '{count, plural, one {Angehängte Datei:} other {Angehängte Dateien (#):}}',
  newMessageFilesHidden: '{count, plural, one {# Datei ({totalSize}) ist angehängt.} other {# Dateien (insgesamt {totalSize}) sind angehängt.}}',
  newMessageExpires: 'Die Nachricht ist verfügbar bis {date}.',
  newMessageButton: 'Sichere Nachricht öffnen',
  verifyHintEmailCode: 'Zum Öffnen erhalten Sie einen Bestätigungscode per E-Mail.',
  verifyHintSmsCode: 'Zum Öffnen erhalten Sie einen Bestätigungscode per SMS an {maskedPhone}.',
  verifyHintAccessCode: 'Zum Öffnen benötigen Sie den Zugangscode, den der Absender mit Ihnen vereinbart hat.',
  verifyHintAccount: 'Sie ist mit Ihrem eigenen Schlüssel verschlüsselt: Melden Sie sich in Ihrem Sealpost-Posteingang an, um sie zu lesen. Sie brauchen keinen Code, nur Ihr Passwort.',
  verifyHintNone: 'Jeder mit diesem Link kann die Nachricht öffnen. Leiten Sie diese E-Mail nicht weiter.',

  activityOpenedSubject: '{recipient} hat Ihre sichere Nachricht geöffnet',
  activityDownloadedSubject: '{recipient} hat Dateien aus Ihrer sicheren Nachricht heruntergeladen',
  activityOpened: '{recipient} hat Ihre sichere Nachricht am {date} geöffnet.',
  activityDownloaded: '{recipient} hat am {date} Dateien aus Ihrer sicheren Nachricht heruntergeladen.',
  statusButton: 'Nachrichtenstatus anzeigen',

  lockoutSubject: 'Zugriff für {recipient} gesperrt',
  lockoutBody: '{recipient} hat zu oft einen falschen Bestätigungscode eingegeben (letzter Versuch {date}). Zum Schutz Ihrer Nachricht wurde der Zugriff für diesen Empfänger gesperrt.',
  lockoutAction: 'Falls es Ihr Empfänger war, können Sie den Zugriff auf der Statusseite der Nachricht wieder freigeben.',

  supportContact: 'Fragen zu dieser Nachricht? Hilfe von {orgName}: {contact}',
  invitationSubject: 'Einladung zu {orgName} bei Sealpost',
  invitationIntro: '{orgName} lädt Sie ein, vertrauliche Nachrichten mit Sealpost zu senden und zu empfangen. Legen Sie Ihr Passwort und Ihren zweiten Faktor fest, um zu beginnen.',
  invitationButton: 'Einladung annehmen',
  invitationExpires: 'Der Link funktioniert einmal, bis {date}.',
  invitationNotExpected: 'Wenn Sie diese Einladung nicht erwartet haben, ignorieren Sie diese E-Mail.',
  replySubject: 'Sichere Antwort von {recipient}',
  replyIntro: '{recipient} hat auf Ihre sichere Nachricht geantwortet.',
  replyButton: 'Antwort lesen',

  withdrawnSubject: 'Eine sichere Nachricht von {senderName} wurde zurückgezogen',
  withdrawnBody: '{senderName} ({senderAddress}) hat eine an Sie gesendete sichere Nachricht zurückgezogen.',
  withdrawnNote: 'Der Link in der früheren E-Mail funktioniert nicht mehr. Wenden Sie sich an den Absender, falls Sie die Informationen noch benötigen.',

  smsCode: 'Ihr Sealpost-Code: {code}. {minutes, plural, one {# Minute} other {# Minuten}} gültig. Geben Sie ihn niemals weiter.',
  accountCodeSubjectRegister: 'Ihr Code zum Einrichten Ihres Sealpost-Postfachs',
  accountCodeIntroRegister: 'Geben Sie diesen Code ein, um Ihre E-Mail-Adresse zu bestätigen und Ihr Sealpost-Postfach einzurichten:',
  accountCodeSubjectReset: 'Ihr Code zum Zurücksetzen des Passworts Ihres Sealpost-Postfachs',
  accountCodeIntroReset: 'Geben Sie diesen Code ein, um das Passwort Ihres Sealpost-Postfachs zurückzusetzen. Nachrichten, die an Ihren alten Schlüssel verschlüsselt sind, lassen sich danach nicht mehr öffnen; die Absender können sie erneut senden.',
  accountRegisteredSubject: '{recipient} erhält sichere Nachrichten jetzt ohne Code',
  accountRegisteredBody: '{recipient} hat ein Sealpost-Postfach eingerichtet. Nachrichten, die Sie ab jetzt an diese Adresse senden, werden direkt an den Schlüssel des Empfängers verschlüsselt und kommen ohne einzugebenden Code an.',
  accountKeyLostSubject: '{recipient} kann Ihre sichere Nachricht nicht mehr öffnen',
  accountKeyLostBody: '{recipient} hat das Sealpost-Passwort und damit den Schlüssel zurückgesetzt. {count, plural, one {# Nachricht, die Sie gesendet haben, lässt} other {# Nachrichten, die Sie gesendet haben, lassen}} sich nicht mehr öffnen.',
  accountKeyLostAction: 'Auf der Statusseite der Nachricht können Sie sie mit einem Klick erneut an den neuen Schlüssel senden.',
  accountExistsSubject: 'Sie haben bereits ein Sealpost-Postfach',
  accountExistsBody: 'Jemand, vermutlich Sie, wollte für diese Adresse ein Sealpost-Postfach einrichten, es gibt aber schon eines. Melden Sie sich mit Ihrem Passwort an oder setzen Sie es zurück, falls Sie es vergessen haben. Falls Sie das nicht waren, können Sie diese E-Mail ignorieren.',
  accountMissingSubject: 'Für diese Adresse gibt es kein Sealpost-Postfach',
  accountMissingBody: 'Jemand, vermutlich Sie, wollte das Passwort eines Sealpost-Postfachs für diese Adresse zurücksetzen, es gibt aber keines. Sie können stattdessen eines einrichten. Falls Sie das nicht waren, können Sie diese E-Mail ignorieren.',

  gatewayLinksHeading: '{count, plural, one {Eine Datei war zu groß für diese E-Mail. Sie können sie hier herunterladen:} other {# Dateien waren zu groß für diese E-Mail. Sie können sie hier herunterladen:}}',
} satisfies Catalog;
