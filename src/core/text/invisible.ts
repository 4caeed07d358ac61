// Characters that change how text is shown without being visible themselves: terminal escape sequences, C0/C1
// controls, and Unicode format characters (bidi overrides and isolates, zero-width spaces and joiners, tags).
// Text chosen by someone else (a subject, a file name, a reply) uses them to forge lines on a terminal or to
// disguise an extension ("report\u202Efdp.exe" shows as "reportexe.pdf"). One definition, used by the file-name
// and the terminal sanitiser, in the CLI and the browser alike (so: no dependencies, no Node APIs).

/**
 * Complete ECMA-48 control strings, removed whole so no "[2K" debris is left: CSI (ESC [ or 8-bit 0x9B, parameter
 * and intermediate bytes, a final byte), and OSC/DCS/SOS/PM/APC strings up to their terminator (BEL or ST).
 * Anything incomplete is left to CONTROLS, which removes the ESC itself and leaves the rest as plain text.
 */
const ESCAPE_SEQUENCES = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)/g;

/** C0 and C1 controls and DEL (newline and tab included: callers decide which line breaks they keep first). */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Format characters (general category Cf: bidi marks, overrides and isolates, zero-width space/joiners, word
 * joiner, BOM, soft hyphen, interlinear annotations, tags), and the Unicode line and paragraph separators. The one
 * legitimate use kept: an emoji subdivision flag (black flag + tag letters + cancel tag) and the zero-width
 * joiner inside an emoji sequence (👩‍💻), handled in `removeInvisible`.
 */
const INVISIBLE = /(\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F})|[\p{Cf}\u2028\u2029]/gu;
const EMOJI_BEFORE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}]$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;

function removeInvisible(text: string): string {
  return text.replace(INVISIBLE, (match: string, flag: string | undefined, offset: number) => {
    if (flag !== undefined) return flag;
    const joinsEmoji = match === '\u200d' && EMOJI_BEFORE.test(text.slice(Math.max(0, offset - 2), offset)) && EMOJI_AFTER.test(text.slice(offset + 1, offset + 3));
    return joinsEmoji ? match : '';
  });
}

/** Every line break form a terminal or editor may honour: CRLF, CR, LF, NEL, LS, PS, VT, FF. */
export const LINE_BREAKS = /\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/g;

/**
 * `text` without escape sequences, controls and invisible format characters; printable text (any script,
 * accents, emoji) is kept as it is. Callers that keep line breaks or tabs replace them before calling this.
 */
export function removeUnsafeCharacters(text: string, keep: { newline?: boolean; tab?: boolean } = {}): string {
  const withoutSequences = text.replace(ESCAPE_SEQUENCES, '');
  const withoutControls = withoutSequences.replace(CONTROLS, (c) => (c === '\n' && keep.newline) || (c === '\t' && keep.tab) ? c : '');
  return removeInvisible(withoutControls);
}
