// Text from someone else, made safe to print on a terminal. A terminal obeys what it is sent: ESC/CSI/OSC
// sequences move the cursor, erase lines, set the title or plant hyperlinks; a bare CR returns to the start of
// the line; bidi overrides reorder what is shown. Any of them lets a sender's subject overwrite the verified
// "From:" line. Printable text in every script (accents, emoji) passes unchanged.
import { LINE_BREAKS, removeUnsafeCharacters } from './invisible.ts';

/** One line (a subject, a name, an address): line breaks and tabs become spaces, so nothing starts a new line. */
export function terminalLine(text: string): string {
  return removeUnsafeCharacters(text.replace(LINE_BREAKS, ' ').replace(/\t/g, ' '));
}

/** A block of text (a message body): line breaks of any kind become "\n" and tabs stay; nothing else. */
export function terminalText(text: string): string {
  return removeUnsafeCharacters(text.replace(LINE_BREAKS, '\n'), { newline: true, tab: true });
}

// JSON.stringify escapes C0 controls but passes C1 controls and format characters through raw.
const JSON_UNSAFE = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

/**
 * JSON for scripts, printed where a terminal may show it: values stay exact (a parser reads back the very same
 * strings), but every control and format character is written as a \\u escape, never raw.
 */
export function terminalJson(value: unknown): string {
  const json = JSON.stringify(value, null, 2);
  return json.replace(JSON_UNSAFE, (c) => Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}
