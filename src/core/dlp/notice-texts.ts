/** Notice texts in German, Dutch and English: what was found, why it matters, what to do. */
import type { RiskSignalId } from './risk-score.ts';
import type { DetectorId } from './types.ts';

export type Lang = 'de' | 'nl' | 'en';
type Text = { what: string; why: string; todo: string };
type Catalogue = Record<DetectorId, Text>;

const sendSecure = { de: 'Senden Sie die Nachricht geschützt über Sealpost.', nl: 'Verstuur het bericht beveiligd via Sealpost.', en: 'Send the message securely with Sealpost.' };

const en: Catalogue = {
  iban: { what: '{count} bank account number(s) (IBAN)', why: 'Account numbers enable fraud and reveal financial relationships.', todo: sendSecure.en },
  paymentCard: { what: '{count} payment card number(s)', why: 'Card numbers can be misused for payments; card rules forbid sending them openly.', todo: 'Remove the card number or send securely.' },
  bsn: { what: '{count} Dutch citizen service number(s) (BSN)', why: 'The BSN is a protected identifier; leaking it enables identity fraud.', todo: sendSecure.en },
  steuerId: { what: '{count} German tax ID(s) (Steuer-IdNr)', why: 'The tax ID identifies a person for life.', todo: sendSecure.en },
  kvnr: { what: '{count} German health insurance number(s) (KVNR)', why: 'It links a person to their health insurance and medical data.', todo: sendSecure.en },
  beNationalNumber: { what: '{count} Belgian national register number(s)', why: 'It identifies a person and reveals their date of birth.', todo: sendSecure.en },
  atSvNumber: { what: '{count} Austrian social insurance number(s)', why: 'It identifies a person and reveals their date of birth.', todo: sendSecure.en },
  nhsNumber: { what: '{count} NHS number(s)', why: 'It identifies a patient and links to their health records.', todo: sendSecure.en },
  person: { what: '{count} named person(s)', why: 'Names make the other details personal data.', todo: sendSecure.en },
  phone: { what: '{count} phone numbers', why: 'A list of contact details is personal data.', todo: 'Check that every recipient may see this list; send securely.' },
  dateOfBirth: { what: '{count} dates of birth', why: 'Dates of birth with names identify people.', todo: sendSecure.en },
  medical: { what: 'medical information (score {score})', why: 'Health data is a special category of personal data (GDPR Art. 9).', todo: sendSecure.en },
  externalRecipient: { what: '{count} recipient(s) outside the organisation', why: 'The message leaves the organisation.', todo: 'Check the addresses before sending.' },
  newRecipient: { what: '{count} address(es) you have not written to before', why: 'A new address is often a typing or auto-complete mistake.', todo: 'Check that the address is right.' },
  visibleRecipients: { what: '{count} external recipients can see each other (To/Cc)', why: 'Every recipient learns who else received the message.', todo: 'Put the recipients in Bcc or send separately.' },
  lookalikeDomain: { what: 'a recipient domain that looks like {imitates}', why: 'Look-alike domains are typing mistakes or phishing traps.', todo: 'Check the spelling of the address.' },
  personalMailbox: { what: '{count} personal mailbox address(es) for a business message', why: 'Private mailboxes are outside the organisation’s control.', todo: 'Use the recipient’s business address if there is one.' },
  riskyAttachment: { what: '{count} risky attachment(s) ({reason})', why: 'Executables and macro documents can carry malware and are blocked by many recipients.', todo: 'Remove the file or send it in a safe format (e.g. PDF).' },
  unscannable: { what: '{count} attachment(s) that could not be checked ({reason})', why: 'Their content is unknown and may be sensitive.', todo: 'Check the file yourself, or send securely to be safe.' },
  customKeyword: { what: '{label}: {count} match(es)', why: 'Your organisation marked these words as sensitive.', todo: sendSecure.en },
  customPattern: { what: '{label}: {count} match(es)', why: 'Your organisation marked this pattern as sensitive.', todo: sendSecure.en },
  combination: { what: '{label}', why: 'Together these details identify a person and reveal sensitive facts.', todo: 'This message may only be sent securely.' },
};

const de: Catalogue = {
  iban: { what: '{count} Kontonummer(n) (IBAN)', why: 'Kontonummern ermöglichen Betrug und zeigen finanzielle Beziehungen.', todo: sendSecure.de },
  paymentCard: { what: '{count} Kartennummer(n)', why: 'Kartennummern können für Zahlungen missbraucht werden.', todo: 'Entfernen Sie die Kartennummer oder senden Sie geschützt.' },
  bsn: { what: '{count} niederländische Bürgerservicenummer(n) (BSN)', why: 'Die BSN ist ein geschütztes Kennzeichen; ein Leck ermöglicht Identitätsbetrug.', todo: sendSecure.de },
  steuerId: { what: '{count} Steuer-Identifikationsnummer(n)', why: 'Die Steuer-ID kennzeichnet eine Person lebenslang.', todo: sendSecure.de },
  kvnr: { what: '{count} Krankenversichertennummer(n) (KVNR)', why: 'Sie verknüpft eine Person mit ihrer Krankenversicherung und Gesundheitsdaten.', todo: sendSecure.de },
  beNationalNumber: { what: '{count} belgische Nationalregisternummer(n)', why: 'Sie kennzeichnet eine Person und verrät ihr Geburtsdatum.', todo: sendSecure.de },
  atSvNumber: { what: '{count} österreichische Sozialversicherungsnummer(n)', why: 'Sie kennzeichnet eine Person und verrät ihr Geburtsdatum.', todo: sendSecure.de },
  nhsNumber: { what: '{count} britische NHS-Nummer(n)', why: 'Sie kennzeichnet eine Patientin oder einen Patienten und verweist auf Gesundheitsdaten.', todo: sendSecure.de },
  person: { what: '{count} namentlich genannte Person(en)', why: 'Namen machen die übrigen Angaben personenbezogen.', todo: sendSecure.de },
  phone: { what: '{count} Telefonnummern', why: 'Eine Liste von Kontaktdaten ist personenbezogen.', todo: 'Prüfen Sie, ob alle Empfänger die Liste sehen dürfen; senden Sie geschützt.' },
  dateOfBirth: { what: '{count} Geburtsdaten', why: 'Geburtsdaten mit Namen identifizieren Personen.', todo: sendSecure.de },
  medical: { what: 'medizinische Angaben (Wert {score})', why: 'Gesundheitsdaten sind besonders geschützt (DSGVO Art. 9).', todo: sendSecure.de },
  externalRecipient: { what: '{count} Empfänger außerhalb der Organisation', why: 'Die Nachricht verlässt die Organisation.', todo: 'Prüfen Sie die Adressen vor dem Senden.' },
  newRecipient: { what: '{count} Adresse(n), an die Sie noch nie geschrieben haben', why: 'Eine neue Adresse ist oft ein Tipp- oder Autovervollständigungsfehler.', todo: 'Prüfen Sie, ob die Adresse stimmt.' },
  visibleRecipients: { what: '{count} externe Empfänger sehen einander (An/Cc)', why: 'Jeder Empfänger erfährt, wer die Nachricht noch erhalten hat.', todo: 'Setzen Sie die Empfänger in Bcc oder senden Sie einzeln.' },
  lookalikeDomain: { what: 'eine Empfänger-Domain, die wie {imitates} aussieht', why: 'Ähnliche Domains sind Tippfehler oder Phishing-Fallen.', todo: 'Prüfen Sie die Schreibweise der Adresse.' },
  personalMailbox: { what: '{count} private Postfach-Adresse(n) für eine geschäftliche Nachricht', why: 'Private Postfächer liegen außerhalb der Kontrolle der Organisation.', todo: 'Verwenden Sie die geschäftliche Adresse, falls vorhanden.' },
  riskyAttachment: { what: '{count} riskante(r) Anhang/Anhänge ({reason})', why: 'Programme und Makro-Dokumente können Schadsoftware enthalten.', todo: 'Entfernen Sie die Datei oder senden Sie ein sicheres Format (z. B. PDF).' },
  unscannable: { what: '{count} Anhang/Anhänge konnte(n) nicht geprüft werden ({reason})', why: 'Der Inhalt ist unbekannt und kann sensibel sein.', todo: 'Prüfen Sie die Datei selbst oder senden Sie sicherheitshalber geschützt.' },
  customKeyword: { what: '{label}: {count} Treffer', why: 'Ihre Organisation hat diese Wörter als sensibel markiert.', todo: sendSecure.de },
  customPattern: { what: '{label}: {count} Treffer', why: 'Ihre Organisation hat dieses Muster als sensibel markiert.', todo: sendSecure.de },
  combination: { what: '{label}', why: 'Zusammen identifizieren diese Angaben eine Person und verraten Sensibles.', todo: 'Diese Nachricht darf nur geschützt gesendet werden.' },
};

const nl: Catalogue = {
  iban: { what: '{count} rekeningnummer(s) (IBAN)', why: 'Rekeningnummers maken fraude mogelijk en tonen financiële relaties.', todo: sendSecure.nl },
  paymentCard: { what: '{count} betaalkaartnummer(s)', why: 'Kaartnummers kunnen voor betalingen worden misbruikt.', todo: 'Verwijder het kaartnummer of verstuur beveiligd.' },
  bsn: { what: '{count} burgerservicenummer(s) (BSN)', why: 'Het BSN is een beschermd nummer; een lek maakt identiteitsfraude mogelijk.', todo: sendSecure.nl },
  steuerId: { what: '{count} Duits fiscaal nummer/nummers (Steuer-IdNr)', why: 'Het fiscale nummer identificeert iemand levenslang.', todo: sendSecure.nl },
  kvnr: { what: '{count} Duits zorgverzekeringsnummer/nummers (KVNR)', why: 'Het koppelt iemand aan zijn zorgverzekering en medische gegevens.', todo: sendSecure.nl },
  beNationalNumber: { what: '{count} Belgisch rijksregisternummer/nummers', why: 'Het identificeert iemand en verraadt de geboortedatum.', todo: sendSecure.nl },
  atSvNumber: { what: '{count} Oostenrijks sociaalverzekeringsnummer/nummers', why: 'Het identificeert iemand en verraadt de geboortedatum.', todo: sendSecure.nl },
  nhsNumber: { what: '{count} Brits NHS-nummer/nummers', why: 'Het identificeert een patiënt en verwijst naar medische gegevens.', todo: sendSecure.nl },
  person: { what: '{count} persoon/personen met naam', why: 'Namen maken de overige gegevens tot persoonsgegevens.', todo: sendSecure.nl },
  phone: { what: '{count} telefoonnummers', why: 'Een lijst met contactgegevens is persoonsgegevens.', todo: 'Controleer of alle ontvangers deze lijst mogen zien; verstuur beveiligd.' },
  dateOfBirth: { what: '{count} geboortedata', why: 'Geboortedata met namen identificeren personen.', todo: sendSecure.nl },
  medical: { what: 'medische informatie (score {score})', why: 'Gezondheidsgegevens zijn bijzondere persoonsgegevens (AVG art. 9).', todo: sendSecure.nl },
  externalRecipient: { what: '{count} ontvanger(s) buiten de organisatie', why: 'Het bericht verlaat de organisatie.', todo: 'Controleer de adressen voor verzending.' },
  newRecipient: { what: '{count} adres(sen) waar u nog nooit naar schreef', why: 'Een nieuw adres is vaak een tik- of autoaanvulfout.', todo: 'Controleer of het adres klopt.' },
  visibleRecipients: { what: '{count} externe ontvangers zien elkaar (Aan/Cc)', why: 'Elke ontvanger ziet wie het bericht nog meer kreeg.', todo: 'Zet de ontvangers in Bcc of verstuur apart.' },
  lookalikeDomain: { what: 'een ontvangersdomein dat lijkt op {imitates}', why: 'Lijkende domeinen zijn tikfouten of phishingvallen.', todo: 'Controleer de spelling van het adres.' },
  personalMailbox: { what: '{count} privé-mailadres(sen) voor een zakelijk bericht', why: 'Privémailboxen vallen buiten de controle van de organisatie.', todo: 'Gebruik het zakelijke adres als dat er is.' },
  riskyAttachment: { what: '{count} riskante bijlage(n) ({reason})', why: 'Programma’s en macrodocumenten kunnen malware bevatten.', todo: 'Verwijder het bestand of stuur een veilig formaat (bijv. PDF).' },
  unscannable: { what: '{count} bijlage(n) kon(den) niet worden gecontroleerd ({reason})', why: 'De inhoud is onbekend en kan gevoelig zijn.', todo: 'Controleer het bestand zelf of verstuur voor de zekerheid beveiligd.' },
  customKeyword: { what: '{label}: {count} treffer(s)', why: 'Uw organisatie heeft deze woorden als gevoelig gemarkeerd.', todo: sendSecure.nl },
  customPattern: { what: '{label}: {count} treffer(s)', why: 'Uw organisatie heeft dit patroon als gevoelig gemarkeerd.', todo: sendSecure.nl },
  combination: { what: '{label}', why: 'Samen identificeren deze gegevens iemand en onthullen ze gevoelige zaken.', todo: 'Dit bericht mag alleen beveiligd worden verstuurd.' },
};

export const noticeTexts: Record<Lang, Catalogue> = { de, nl, en };

export const partNames: Record<Lang, Record<string, string>> = {
  en: { subject: 'subject', body: 'message', attachmentName: 'file name', attachment: 'attachment', recipients: 'recipients', page: 'page', line: 'line' },
  de: { subject: 'Betreff', body: 'Nachricht', attachmentName: 'Dateiname', attachment: 'Anhang', recipients: 'Empfänger', page: 'Seite', line: 'Zeile' },
  nl: { subject: 'onderwerp', body: 'bericht', attachmentName: 'bestandsnaam', attachment: 'bijlage', recipients: 'ontvangers', page: 'pagina', line: 'regel' },
};

export const levelNames: Record<Lang, Record<'advice' | 'warning' | 'required', string>> = {
  en: { advice: 'Advice', warning: 'Warning', required: 'Send securely (required)' },
  de: { advice: 'Hinweis', warning: 'Warnung', required: 'Nur geschützt senden (Pflicht)' },
  nl: { advice: 'Advies', warning: 'Waarschuwing', required: 'Alleen beveiligd versturen (verplicht)' },
};

export const reasonNames: Record<Lang, Record<string, string>> = {
  en: { executable: 'program', macro: 'macros', 'double-extension': 'disguised program', 'too-large': 'too large', 'zip-bomb': 'suspicious compression', timeout: 'took too long', encrypted: 'encrypted', corrupt: 'damaged', unsupported: 'unknown format', resources: 'too complex' },
  de: { executable: 'Programm', macro: 'Makros', 'double-extension': 'getarntes Programm', 'too-large': 'zu groß', 'zip-bomb': 'verdächtige Kompression', timeout: 'dauerte zu lange', encrypted: 'verschlüsselt', corrupt: 'beschädigt', unsupported: 'unbekanntes Format', resources: 'zu komplex' },
  nl: { executable: 'programma', macro: 'macro’s', 'double-extension': 'vermomd programma', 'too-large': 'te groot', 'zip-bomb': 'verdachte compressie', timeout: 'duurde te lang', encrypted: 'versleuteld', corrupt: 'beschadigd', unsupported: 'onbekend formaat', resources: 'te complex' },
};

/** Labels of the built-in combination rules; custom combinations show the admin's own label. */
export const combinationLabels: Record<Lang, Record<string, string>> = {
  en: { 'medical-with-identity': 'Medical content about an identifiable person', 'identifier-with-birthdate': 'National identifier together with a date of birth', risk: 'Combined: {signals} (risk score {score})' },
  de: { 'medical-with-identity': 'Medizinische Angaben zu einer identifizierbaren Person', 'identifier-with-birthdate': 'Persönliche Kennnummer zusammen mit einem Geburtsdatum', risk: 'Zusammen: {signals} (Risikowert {score})' },
  nl: { 'medical-with-identity': 'Medische gegevens over een herkenbaar persoon', 'identifier-with-birthdate': 'Persoonsnummer samen met een geboortedatum', risk: 'Samen: {signals} (risicoscore {score})' },
};

/** The signals of the combined risk notice, as the sender reads them. */
export const signalNames: Record<Lang, Record<RiskSignalId, string>> = {
  en: {
    person: 'a named person', identifiedPerson: 'an identifiable person (name with date of birth, address or number)', personList: 'a list of people',
    health: 'health information about them', nationalId: 'a national identification number', privateIban: "a private person's bank account",
    iban: 'a bank account number', paymentCard: 'a payment card number',
  },
  de: {
    person: 'eine namentlich genannte Person', identifiedPerson: 'eine identifizierbare Person (Name mit Geburtsdatum, Anschrift oder Nummer)', personList: 'eine Liste von Personen',
    health: 'Gesundheitsangaben zu ihr', nationalId: 'eine persönliche Kennnummer', privateIban: 'das Bankkonto einer Privatperson',
    iban: 'eine Kontonummer', paymentCard: 'eine Kartennummer',
  },
  nl: {
    person: 'een persoon met naam', identifiedPerson: 'een herkenbaar persoon (naam met geboortedatum, adres of nummer)', personList: 'een lijst met personen',
    health: 'gezondheidsgegevens over die persoon', nationalId: 'een persoonsnummer', privateIban: 'de bankrekening van een privépersoon',
    iban: 'een rekeningnummer', paymentCard: 'een betaalkaartnummer',
  },
};

export const andWord: Record<Lang, string> = { en: 'and', de: 'und', nl: 'en' };
