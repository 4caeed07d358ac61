/**
 * Notice texts in German, Dutch and English: what was found, why it matters, what to do. The texts are ICU messages
 * formatted by the shared layer (src/core/text/message-format.ts): anything counted is a real plural.
 */
import type { RiskSignalId } from './risk-score.ts';
import type { DetectorId } from './types.ts';

export type Lang = 'de' | 'nl' | 'en';
type Text = { what: string; why: string; todo: string };
type Catalogue = Record<DetectorId, Text>;

const sendSecure = { de: 'Senden Sie die Nachricht geschützt über Sealpost.', nl: 'Verstuur het bericht beveiligd via Sealpost.', en: 'Send the message securely with Sealpost.' };

const en: Catalogue = {
  iban: { what: '{count, plural, one {# bank account number} other {# bank account numbers}} (IBAN)', why: 'Account numbers enable fraud and reveal financial relationships.', todo: sendSecure.en },
  paymentCard: { what: '{count, plural, one {# payment card number} other {# payment card numbers}}', why: 'Card numbers can be misused for payments; card rules forbid sending them openly.', todo: 'Remove the card number or send securely.' },
  bsn: { what: '{count, plural, one {# Dutch citizen service number} other {# Dutch citizen service numbers}} (BSN)', why: 'The BSN is a protected identifier; leaking it enables identity fraud.', todo: sendSecure.en },
  steuerId: { what: '{count, plural, one {# German tax ID} other {# German tax IDs}} (Steuer-IdNr)', why: 'The tax ID identifies a person for life.', todo: sendSecure.en },
  kvnr: { what: '{count, plural, one {# German health insurance number} other {# German health insurance numbers}} (KVNR)', why: 'It links a person to their health insurance and medical data.', todo: sendSecure.en },
  beNationalNumber: { what: '{count, plural, one {# Belgian national register number} other {# Belgian national register numbers}}', why: 'It identifies a person and reveals their date of birth.', todo: sendSecure.en },
  atSvNumber: { what: '{count, plural, one {# Austrian social insurance number} other {# Austrian social insurance numbers}}', why: 'It identifies a person and reveals their date of birth.', todo: sendSecure.en },
  nhsNumber: { what: '{count, plural, one {# NHS number} other {# NHS numbers}}', why: 'It identifies a patient and links to their health records.', todo: sendSecure.en },
  person: { what: '{count, plural, one {# named person} other {# named people}}', why: 'Names make the other details personal data.', todo: sendSecure.en },
  phone: { what: '{count, plural, one {# phone number} other {# phone numbers}}', why: 'A list of contact details is personal data.', todo: 'Check that every recipient may see this list; send securely.' },
  dateOfBirth: { what: '{count, plural, one {# date of birth} other {# dates of birth}}', why: 'Dates of birth with names identify people.', todo: sendSecure.en },
  medical: { what: 'medical information (score {score})', why: 'Health data is a special category of personal data (GDPR Art. 9).', todo: sendSecure.en },
  externalRecipient: { what: '{count, plural, one {# recipient} other {# recipients}} outside the organisation', why: 'The message leaves the organisation.', todo: 'Check the addresses before sending.' },
  newRecipient: { what: '{count, plural, one {# address you have not written to before} other {# addresses you have not written to before}}', why: 'A new address is often a typing or auto-complete mistake.', todo: 'Check that the address is right.' },
  visibleRecipients: { what: '{count, plural, one {# external recipient can see the others (To/Cc)} other {# external recipients can see each other (To/Cc)}}', why: 'Every recipient learns who else received the message.', todo: 'Put the recipients in Bcc or send separately.' },
  lookalikeDomain: { what: 'a recipient domain that looks like {imitates}', why: 'Look-alike domains are typing mistakes or phishing traps.', todo: 'Check the spelling of the address.' },
  personalMailbox: { what: '{count, plural, one {# personal mailbox address} other {# personal mailbox addresses}} for a business message', why: 'Private mailboxes are outside the organisation’s control.', todo: 'Use the recipient’s business address if there is one.' },
  riskyAttachment: { what: '{count, plural, one {# risky attachment} other {# risky attachments}} ({reason})', why: 'Executables and macro documents can carry malware and are blocked by many recipients.', todo: 'Remove the file or send it in a safe format (e.g. PDF).' },
  unscannable: { what: '{count, plural, one {# attachment that could not be checked} other {# attachments that could not be checked}} ({reason})', why: 'Their content is unknown and may be sensitive.', todo: 'Check the file yourself, or send securely to be safe.' },
  customKeyword: { what: '{label}: {count, plural, one {# match} other {# matches}}', why: 'Your organisation marked these words as sensitive.', todo: sendSecure.en },
  customPattern: { what: '{label}: {count, plural, one {# match} other {# matches}}', why: 'Your organisation marked this pattern as sensitive.', todo: sendSecure.en },
  combination: { what: '{label}', why: 'Together these details identify a person and reveal sensitive facts.', todo: 'This message may only be sent securely.' },
  secureDomain: { what: '{count, plural, one {# recipient} other {# recipients}} in a domain your organisation always writes to securely', why: 'Your organisation agreed that mail to these domains is always sent securely.', todo: sendSecure.en },
};

const de: Catalogue = {
  iban: { what: '{count, plural, one {# Kontonummer} other {# Kontonummern}} (IBAN)', why: 'Kontonummern ermöglichen Betrug und zeigen finanzielle Beziehungen.', todo: sendSecure.de },
  paymentCard: { what: '{count, plural, one {# Kartennummer} other {# Kartennummern}}', why: 'Kartennummern können für Zahlungen missbraucht werden.', todo: 'Entfernen Sie die Kartennummer oder senden Sie geschützt.' },
  bsn: { what: '{count, plural, one {# niederländische Bürgerservicenummer} other {# niederländische Bürgerservicenummern}} (BSN)', why: 'Die BSN ist ein geschütztes Kennzeichen; ein Leck ermöglicht Identitätsbetrug.', todo: sendSecure.de },
  steuerId: { what: '{count, plural, one {# Steuer-Identifikationsnummer} other {# Steuer-Identifikationsnummern}}', why: 'Die Steuer-ID kennzeichnet eine Person lebenslang.', todo: sendSecure.de },
  kvnr: { what: '{count, plural, one {# Krankenversichertennummer} other {# Krankenversichertennummern}} (KVNR)', why: 'Sie verknüpft eine Person mit ihrer Krankenversicherung und Gesundheitsdaten.', todo: sendSecure.de },
  beNationalNumber: { what: '{count, plural, one {# belgische Nationalregisternummer} other {# belgische Nationalregisternummern}}', why: 'Sie kennzeichnet eine Person und verrät ihr Geburtsdatum.', todo: sendSecure.de },
  atSvNumber: { what: '{count, plural, one {# österreichische Sozialversicherungsnummer} other {# österreichische Sozialversicherungsnummern}}', why: 'Sie kennzeichnet eine Person und verrät ihr Geburtsdatum.', todo: sendSecure.de },
  nhsNumber: { what: '{count, plural, one {# britische NHS-Nummer} other {# britische NHS-Nummern}}', why: 'Sie kennzeichnet eine Patientin oder einen Patienten und verweist auf Gesundheitsdaten.', todo: sendSecure.de },
  person: { what: '{count, plural, one {# namentlich genannte Person} other {# namentlich genannte Personen}}', why: 'Namen machen die übrigen Angaben personenbezogen.', todo: sendSecure.de },
  phone: { what: '{count, plural, one {# Telefonnummer} other {# Telefonnummern}}', why: 'Eine Liste von Kontaktdaten ist personenbezogen.', todo: 'Prüfen Sie, ob alle Empfänger die Liste sehen dürfen; senden Sie geschützt.' },
  dateOfBirth: { what: '{count, plural, one {# Geburtsdatum} other {# Geburtsdaten}}', why: 'Geburtsdaten mit Namen identifizieren Personen.', todo: sendSecure.de },
  medical: { what: 'medizinische Angaben (Wert {score})', why: 'Gesundheitsdaten sind besonders geschützt (DSGVO Art. 9).', todo: sendSecure.de },
  externalRecipient: { what: '{count, plural, one {# Empfänger} other {# Empfänger}} außerhalb der Organisation', why: 'Die Nachricht verlässt die Organisation.', todo: 'Prüfen Sie die Adressen vor dem Senden.' },
  newRecipient: { what: '{count, plural, one {# Adresse, an die Sie noch nie geschrieben haben} other {# Adressen, an die Sie noch nie geschrieben haben}}', why: 'Eine neue Adresse ist oft ein Tipp- oder Autovervollständigungsfehler.', todo: 'Prüfen Sie, ob die Adresse stimmt.' },
  visibleRecipients: { what: '{count, plural, one {# externer Empfänger sieht die anderen (An/Cc)} other {# externe Empfänger sehen einander (An/Cc)}}', why: 'Jeder Empfänger erfährt, wer die Nachricht noch erhalten hat.', todo: 'Setzen Sie die Empfänger in Bcc oder senden Sie einzeln.' },
  lookalikeDomain: { what: 'eine Empfänger-Domain, die wie {imitates} aussieht', why: 'Ähnliche Domains sind Tippfehler oder Phishing-Fallen.', todo: 'Prüfen Sie die Schreibweise der Adresse.' },
  personalMailbox: { what: '{count, plural, one {# private Postfach-Adresse} other {# private Postfach-Adressen}} für eine geschäftliche Nachricht', why: 'Private Postfächer liegen außerhalb der Kontrolle der Organisation.', todo: 'Verwenden Sie die geschäftliche Adresse, falls vorhanden.' },
  riskyAttachment: { what: '{count, plural, one {# riskanter Anhang} other {# riskante Anhänge}} ({reason})', why: 'Programme und Makro-Dokumente können Schadsoftware enthalten.', todo: 'Entfernen Sie die Datei oder senden Sie ein sicheres Format (z. B. PDF).' },
  unscannable: { what: '{count, plural, one {# Anhang konnte nicht geprüft werden} other {# Anhänge konnten nicht geprüft werden}} ({reason})', why: 'Der Inhalt ist unbekannt und kann sensibel sein.', todo: 'Prüfen Sie die Datei selbst oder senden Sie sicherheitshalber geschützt.' },
  customKeyword: { what: '{label}: {count, plural, one {# Treffer} other {# Treffer}}', why: 'Ihre Organisation hat diese Wörter als sensibel markiert.', todo: sendSecure.de },
  customPattern: { what: '{label}: {count, plural, one {# Treffer} other {# Treffer}}', why: 'Ihre Organisation hat dieses Muster als sensibel markiert.', todo: sendSecure.de },
  combination: { what: '{label}', why: 'Zusammen identifizieren diese Angaben eine Person und verraten Sensibles.', todo: 'Diese Nachricht darf nur geschützt gesendet werden.' },
  secureDomain: { what: '{count, plural, one {# Empfänger} other {# Empfänger}} in einer Domain, an die Ihre Organisation immer geschützt schreibt', why: 'Ihre Organisation hat vereinbart, dass Mail an diese Domains immer geschützt gesendet wird.', todo: sendSecure.de },
};

const nl: Catalogue = {
  iban: { what: '{count, plural, one {# rekeningnummer} other {# rekeningnummers}} (IBAN)', why: 'Rekeningnummers maken fraude mogelijk en tonen financiële relaties.', todo: sendSecure.nl },
  paymentCard: { what: '{count, plural, one {# betaalkaartnummer} other {# betaalkaartnummers}}', why: 'Kaartnummers kunnen voor betalingen worden misbruikt.', todo: 'Verwijder het kaartnummer of verstuur beveiligd.' },
  bsn: { what: '{count, plural, one {# burgerservicenummer} other {# burgerservicenummers}} (BSN)', why: 'Het BSN is een beschermd nummer; een lek maakt identiteitsfraude mogelijk.', todo: sendSecure.nl },
  steuerId: { what: '{count, plural, one {# Duits fiscaal nummer} other {# Duitse fiscale nummers}} (Steuer-IdNr)', why: 'Het fiscale nummer identificeert iemand levenslang.', todo: sendSecure.nl },
  kvnr: { what: '{count, plural, one {# Duits zorgverzekeringsnummer} other {# Duitse zorgverzekeringsnummers}} (KVNR)', why: 'Het koppelt iemand aan zijn zorgverzekering en medische gegevens.', todo: sendSecure.nl },
  beNationalNumber: { what: '{count, plural, one {# Belgisch rijksregisternummer} other {# Belgische rijksregisternummers}}', why: 'Het identificeert iemand en verraadt de geboortedatum.', todo: sendSecure.nl },
  atSvNumber: { what: '{count, plural, one {# Oostenrijks sociaalverzekeringsnummer} other {# Oostenrijkse sociaalverzekeringsnummers}}', why: 'Het identificeert iemand en verraadt de geboortedatum.', todo: sendSecure.nl },
  nhsNumber: { what: '{count, plural, one {# Brits NHS-nummer} other {# Britse NHS-nummers}}', why: 'Het identificeert een patiënt en verwijst naar medische gegevens.', todo: sendSecure.nl },
  person: { what: '{count, plural, one {# persoon met naam} other {# personen met naam}}', why: 'Namen maken de overige gegevens tot persoonsgegevens.', todo: sendSecure.nl },
  phone: { what: '{count, plural, one {# telefoonnummer} other {# telefoonnummers}}', why: 'Een lijst met contactgegevens is persoonsgegevens.', todo: 'Controleer of alle ontvangers deze lijst mogen zien; verstuur beveiligd.' },
  dateOfBirth: { what: '{count, plural, one {# geboortedatum} other {# geboortedata}}', why: 'Geboortedata met namen identificeren personen.', todo: sendSecure.nl },
  medical: { what: 'medische informatie (score {score})', why: 'Gezondheidsgegevens zijn bijzondere persoonsgegevens (AVG art. 9).', todo: sendSecure.nl },
  externalRecipient: { what: '{count, plural, one {# ontvanger} other {# ontvangers}} buiten de organisatie', why: 'Het bericht verlaat de organisatie.', todo: 'Controleer de adressen voor verzending.' },
  newRecipient: { what: '{count, plural, one {# adres waar u nog nooit naar schreef} other {# adressen waar u nog nooit naar schreef}}', why: 'Een nieuw adres is vaak een tik- of autoaanvulfout.', todo: 'Controleer of het adres klopt.' },
  visibleRecipients: { what: '{count, plural, one {# externe ontvanger ziet de anderen (Aan/Cc)} other {# externe ontvangers zien elkaar (Aan/Cc)}}', why: 'Elke ontvanger ziet wie het bericht nog meer kreeg.', todo: 'Zet de ontvangers in Bcc of verstuur apart.' },
  lookalikeDomain: { what: 'een ontvangersdomein dat lijkt op {imitates}', why: 'Lijkende domeinen zijn tikfouten of phishingvallen.', todo: 'Controleer de spelling van het adres.' },
  personalMailbox: { what: '{count, plural, one {# privé-mailadres} other {# privé-mailadressen}} voor een zakelijk bericht', why: 'Privémailboxen vallen buiten de controle van de organisatie.', todo: 'Gebruik het zakelijke adres als dat er is.' },
  riskyAttachment: { what: '{count, plural, one {# riskante bijlage} other {# riskante bijlagen}} ({reason})', why: 'Programma’s en macrodocumenten kunnen malware bevatten.', todo: 'Verwijder het bestand of stuur een veilig formaat (bijv. PDF).' },
  unscannable: { what: '{count, plural, one {# bijlage kon niet worden gecontroleerd} other {# bijlagen konden niet worden gecontroleerd}} ({reason})', why: 'De inhoud is onbekend en kan gevoelig zijn.', todo: 'Controleer het bestand zelf of verstuur voor de zekerheid beveiligd.' },
  customKeyword: { what: '{label}: {count, plural, one {# treffer} other {# treffers}}', why: 'Uw organisatie heeft deze woorden als gevoelig gemarkeerd.', todo: sendSecure.nl },
  customPattern: { what: '{label}: {count, plural, one {# treffer} other {# treffers}}', why: 'Uw organisatie heeft dit patroon als gevoelig gemarkeerd.', todo: sendSecure.nl },
  combination: { what: '{label}', why: 'Samen identificeren deze gegevens iemand en onthullen ze gevoelige zaken.', todo: 'Dit bericht mag alleen beveiligd worden verstuurd.' },
  secureDomain: { what: '{count, plural, one {# ontvanger} other {# ontvangers}} in een domein waaraan uw organisatie altijd beveiligd schrijft', why: 'Uw organisatie heeft afgesproken dat mail aan deze domeinen altijd beveiligd wordt verstuurd.', todo: sendSecure.nl },
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
