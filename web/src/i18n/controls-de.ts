// Sent items: sender controls after sending (German). The same keys as controls-en.ts, translated.
import type { ControlsMessageKey } from './controls-en.ts';

export const controlsDe: Record<ControlsMessageKey, string> = {
  'controls.expiry.title': 'Abrufbar bis',
  'controls.expiry.label': 'Neues Ablaufdatum',
  'controls.expiry.hint': 'Höchstens bis {date}. Eine kürzere Frist gilt sofort.',
  'controls.expiry.save': 'Ablaufdatum ändern',
  'controls.expiry.done': 'Die Nachricht ist jetzt abrufbar bis {date}.',
  'controls.expiry.inPast': 'Wählen Sie einen Zeitpunkt in der Zukunft.',
  'controls.expiry.tooLate': 'Diese Nachricht kann höchstens bis {date} aufbewahrt werden.',
  'controls.unlock': 'Entsperren',
  'controls.unlock.done': '{email} kann den Code wieder eingeben.',
  'controls.resend': 'Benachrichtigung erneut senden',
  'controls.resend.done': 'Eine neue Benachrichtigung an {email} ist unterwegs. Der frühere Link funktioniert nicht mehr.',
  'controls.keyLost': 'Schlüssel wurde zurückgesetzt — an den neuen Schlüssel erneut senden',
  'controls.keyLost.hint': '{email} hat das Passwort zurückgesetzt: Die Kopie für den alten Schlüssel lässt sich nicht mehr öffnen.',
  'controls.keyLost.done': 'Die Nachricht ist jetzt mit dem neuen Schlüssel von {email} verschlüsselt, und der Empfänger wurde benachrichtigt.',
  'controls.resend.needsKey': 'Zum erneuten Senden wird der Schlüssel dieser Nachricht benötigt, der in diesem Browser nicht verfügbar ist.',
  'controls.resend.needsCode': 'Geben Sie den Zugangscode für {email} erneut ein: Der neue Link braucht ihn.',
  'controls.resend.codeHint': 'Der bisherige Code oder ein neuer, den Sie telefonisch weitergeben, niemals per E-Mail.',
  'controls.resend.phoneKept': 'Leer lassen, um {phone} beizubehalten.',
  'controls.resend.codeLabel': 'Zugangscode für {email}',
  'controls.resend.confirmTitle': 'Neue Benachrichtigung an {email} senden?',
  'controls.resend.confirmText': 'Der Empfänger erhält einen neuen Link; der Link in der früheren Benachrichtigung funktioniert dann nicht mehr.',
  'controls.resend.rateLimited': 'Benachrichtigungen an {email} wurden zu oft erneut gesendet. Bitte versuchen Sie es später noch einmal.',
};
