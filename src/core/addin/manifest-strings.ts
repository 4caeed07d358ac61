/** The add-in's texts in the manifest (Outlook picks them by its display language); `{name}` is the add-in's name. */
export interface AddinManifestLocale {
  description: string;
  groupLabel: string;
  buttonLabel: string;
  buttonTooltip: string;
}

export const addinStrings: Record<'en-US' | 'de-DE' | 'nl-NL', AddinManifestLocale> = {
  'en-US': {
    description: 'Send confidential mail and files securely with {name}: encrypted, to verified recipients, with read status and recall.',
    groupLabel: 'Secure mail',
    buttonLabel: 'Sealpost',
    buttonTooltip: 'Send this message securely, choose how recipients verify, and see who opened what.',
  },
  'de-DE': {
    description: 'Vertrauliche E-Mails und Dateien sicher mit {name} senden: verschlüsselt, an geprüfte Empfänger, mit Lesestatus und Rückruf.',
    groupLabel: 'Sichere E-Mail',
    buttonLabel: 'Sealpost',
    buttonTooltip: 'Diese Nachricht sicher senden, die Prüfung der Empfänger wählen und sehen, wer was geöffnet hat.',
  },
  'nl-NL': {
    description: 'Vertrouwelijke e-mail en bestanden veilig versturen met {name}: versleuteld, naar geverifieerde ontvangers, met leesstatus en intrekken.',
    groupLabel: 'Veilige e-mail',
    buttonLabel: 'Sealpost',
    buttonTooltip: 'Verstuur dit bericht veilig, kies hoe ontvangers zich verifiëren en zie wie wat heeft geopend.',
  },
};
