/**
 * Look-alike domains: a recipient domain one typo or one homoglyph away from an internal or a
 * well-known domain (`gmial.com`, `examp1e.nl`, `rn` for `m`) is more likely a mistake or a trap
 * than a real partner.
 */

export const wellKnownDomains = [
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'yahoo.com', 'icloud.com', 'me.com',
  'aol.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'web.de', 't-online.de', 'freenet.de',
  'ziggo.nl', 'kpnmail.nl', 'planet.nl', 'xs4all.nl', 'hetnet.nl', 'home.nl', 'telenet.be', 'skynet.be',
  'proximus.be', 'gmx.at', 'aon.at', 'chello.at', 'microsoft.com', 'google.com', 'apple.com', 'paypal.com',
];

export const personalMailboxDomains = [
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.de', 'hotmail.nl', 'live.com', 'live.nl',
  'yahoo.com', 'yahoo.de', 'icloud.com', 'me.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net',
  'gmx.at', 'web.de', 't-online.de', 'freenet.de', 'ziggo.nl', 'kpnmail.nl', 'planet.nl', 'xs4all.nl',
  'hetnet.nl', 'home.nl', 'telenet.be', 'skynet.be', 'proximus.be', 'aon.at', 'chello.at',
];

// Letters that render (almost) alike; each is mapped to one skeleton character.
const confusables: Array<[RegExp, string]> = [
  [/rn/g, 'm'], [/vv/g, 'w'], [/[0оο]/g, 'o'], [/[1lіӏι|]/g, 'l'], [/[аα]/g, 'a'], [/[еε]/g, 'e'],
  [/[сϲ]/g, 'c'], [/[рρ]/g, 'p'], [/[хχ]/g, 'x'], [/[уγ]/g, 'y'], [/[ѕ5]/g, 's'], [/[ԁ]/g, 'd'], [/[ɡ9]/g, 'g'],
];

export function skeleton(domain: string): string {
  let s = domain.toLowerCase().normalize('NFKC');
  for (const [re, to] of confusables) s = s.replace(re, to);
  return s;
}

/** Damerau–Levenshtein (optimal string alignment) distance, bounded: returns max+1 once exceeded. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

function splitDomain(domain: string): { label: string; tld: string } {
  const i = domain.lastIndexOf('.');
  return i < 0 ? { label: domain, tld: '' } : { label: domain.slice(0, i), tld: domain.slice(i + 1) };
}

/**
 * The internal or well-known domain that `domain` imitates, or null. Short names are skipped for
 * edit distance (aol/aon are both real); a same-name-other-TLD match is checked for internal domains.
 */
export function lookalikeOf(domain: string, internal: readonly string[], known: readonly string[]): string | null {
  const d = domain.toLowerCase();
  if (internal.includes(d) || known.includes(d)) return null;
  const sd = skeleton(d);
  const { label, tld } = splitDomain(d);
  for (const target of [...internal, ...known]) {
    if (skeleton(target) === sd) return target;
    const t = splitDomain(target);
    if (label.length >= 5 && t.label.length >= 5 && editDistance(d, target, 1) === 1) return target;
    if (label.length >= 10 && editDistance(d, target, 2) === 2) return target;
    if (internal.includes(target) && t.label === label && t.tld !== tld && label.length >= 5) return target;
  }
  return null;
}
