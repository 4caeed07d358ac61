// Sent items: sender controls after sending (Dutch). The same keys as controls-en.ts, translated.
import type { ControlsMessageKey } from './controls-en.ts';

export const controlsNl: Record<ControlsMessageKey, string> = {
  'controls.expiry.title': 'Beschikbaar tot',
  'controls.expiry.label': 'Nieuwe vervaldatum',
  'controls.expiry.hint': 'Uiterlijk tot {date}. Een kortere termijn geldt meteen.',
  'controls.expiry.save': 'Vervaldatum wijzigen',
  'controls.expiry.done': 'Het bericht is nu beschikbaar tot {date}.',
  'controls.expiry.inPast': 'Kies een tijdstip in de toekomst.',
  'controls.expiry.tooLate': 'Dit bericht kan uiterlijk tot {date} bewaard worden.',
  'controls.unlock': 'Deblokkeren',
  'controls.unlock.done': '{email} kan de code opnieuw invoeren.',
  'controls.resend': 'Melding opnieuw versturen',
  'controls.resend.done': 'Er is een nieuwe melding naar {email} onderweg. De eerdere link werkt niet meer.',
  'controls.keyLost': 'Sleutel is gereset — opnieuw versturen naar de nieuwe sleutel',
  'controls.keyLost.hint': '{email} heeft het wachtwoord gereset: de kopie voor de oude sleutel kan niet meer worden geopend.',
  'controls.keyLost.done': 'Het bericht is nu versleuteld met de nieuwe sleutel van {email}, en de ontvanger is op de hoogte gebracht.',
  'controls.resend.needsKey': 'Voor opnieuw versturen is de sleutel van dit bericht nodig, en die is in deze browser niet beschikbaar.',
  'controls.resend.needsCode': 'Voer de toegangscode voor {email} opnieuw in: de nieuwe link heeft die nodig.',
  'controls.resend.codeHint': 'De eerdere code of een nieuwe die u telefonisch doorgeeft, nooit per e-mail.',
  'controls.resend.phoneKept': 'Laat leeg om {phone} te behouden.',
  'controls.resend.codeLabel': 'Toegangscode voor {email}',
  'controls.resend.confirmTitle': 'Een nieuwe melding naar {email} versturen?',
  'controls.resend.confirmText': 'De ontvanger krijgt een nieuwe link; de link in de eerdere melding werkt dan niet meer.',
  'controls.resend.rateLimited': 'Meldingen naar {email} zijn te vaak opnieuw verstuurd. Probeer het later nog eens.',
};
