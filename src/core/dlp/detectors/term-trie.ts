/**
 * Finds many word stems in one linear pass over a text. A regex alternation of a thousand stems is
 * tried stem by stem at every position (slow on a 5 MB attachment); a character trie walks only as
 * far as some stem still matches. The trie is a flat transition table over the stems' own alphabet
 * (upper and lower case share a column), so a step is one array read. Offsets refer to the text.
 *
 * Each stem has a mode: `prefix` matches at the start of a word ("diagnos" in "Diagnosen"),
 * `inside` anywhere in a word (German/Dutch compounds: "Laborbefund", "wortelkanaalbehandeling"),
 * `whole` only as a complete word ("inr", "tia").
 */
export type StemMode = 'prefix' | 'inside' | 'whole';

export interface TrieHit {
  stem: string;
  index: number;
}

const modeCode = { whole: 1, prefix: 2, inside: 3 } as const;
const letterRe = /\p{L}/u;
// 0 = not classified yet, 1 = letter, 2 = not a letter; filled lazily for the characters met.
const letterClass = new Uint8Array(65536);

function isLetterCode(c: number): boolean {
  let k = letterClass[c] ?? 2;
  if (k === 0) {
    k = letterRe.test(String.fromCharCode(c)) ? 1 : 2;
    letterClass[c] = k;
  }
  return k === 1;
}

export class TermTrie {
  /** Column of each UTF-16 code unit in the transition table, -1 when no stem uses it. */
  private readonly column = new Int16Array(65536).fill(-1);
  private readonly width: number;
  private readonly next: Int32Array;
  private readonly stemAt: Array<string | undefined> = [];
  private readonly modeAt: Uint8Array;

  constructor(stems: Iterable<{ stem: string; mode: StemMode }>) {
    const list = [...stems].map((s) => ({ stem: s.stem.toLowerCase(), mode: s.mode }));
    const alphabet = [...new Set(list.flatMap((s) => [...s.stem]))];
    alphabet.forEach((ch, i) => (this.column[ch.charCodeAt(0)] = i));
    // Upper-case forms (Latin, up to Latin Extended-B) read as their lower-case letter.
    for (let c = 0; c < 0x250; c++) {
      const lower = String.fromCharCode(c).toLowerCase();
      const col = lower.length === 1 ? (this.column[lower.charCodeAt(0)] ?? -1) : -1;
      if (col >= 0) this.column[c] = col;
    }
    this.width = alphabet.length;
    const capacity = list.reduce((n, s) => n + s.stem.length, 1);
    this.next = new Int32Array(capacity * this.width);
    this.modeAt = new Uint8Array(capacity);
    let nodes = 1;
    for (const { stem, mode } of list) {
      let node = 0;
      for (let i = 0; i < stem.length; i++) {
        const slot = node * this.width + (this.column[stem.charCodeAt(i)] ?? 0);
        if (this.next[slot] === 0) this.next[slot] = nodes++;
        node = this.next[slot] ?? 0;
      }
      // A stem listed twice keeps the most permissive mode.
      this.modeAt[node] = Math.max(this.modeAt[node] ?? 0, modeCode[mode]);
      this.stemAt[node] = stem;
    }
  }

  /** Longest stem at each position, scanning on after a hit (no overlapping hits). */
  find(text: string, onHit: (hit: TrieHit) => void): void {
    const n = text.length;
    const { column, next, width, modeAt, stemAt } = this;
    let prevLetter = false;
    let i = 0;
    while (i < n) {
      const c0 = text.charCodeAt(i);
      let col = column[c0] ?? -1;
      let bestEnd = -1;
      let bestNode = 0;
      if (col >= 0) {
        let node = 0;
        for (let j = i; ; ) {
          node = next[node * width + col] ?? 0;
          if (node === 0) break;
          j++;
          const mode = modeAt[node] ?? 0;
          if (mode !== 0 && (mode === 3 || (!prevLetter && (mode === 2 || j >= n || !isLetterCode(text.charCodeAt(j)))))) {
            bestEnd = j;
            bestNode = node;
          }
          if (j >= n) break;
          col = column[text.charCodeAt(j)] ?? -1;
          if (col < 0) break;
        }
      }
      if (bestEnd > 0) {
        onHit({ stem: stemAt[bestNode] ?? '', index: i });
        prevLetter = isLetterCode(text.charCodeAt(bestEnd - 1));
        i = bestEnd;
      } else {
        prevLetter = isLetterCode(c0);
        i++;
      }
    }
  }
}
