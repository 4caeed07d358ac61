// Checks a translated message catalog against its reference (English): the same keys, every message parses, the
// same arguments with the same kinds, and every plural has exactly the categories its language uses (Intl.PluralRules)
// plus "other". Used by the catalog unit tests of the web app, the notifications and the server pages.
import { messageArguments, parseMessage, type MessagePart } from './message-format.ts';

function pluralKeyProblems(locale: string, parts: readonly MessagePart[]): string[] {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
  const problems: string[] = [];
  for (const part of parts) {
    if (part.kind !== 'plural' && part.kind !== 'select') continue;
    if (part.kind === 'plural') {
      const keys = [...part.options.keys()].filter((key) => !key.startsWith('='));
      const missing = categories.filter((c) => !keys.includes(c));
      const unused = keys.filter((k) => !categories.includes(k));
      if (missing.length) problems.push(`plural "${part.name}" lacks ${missing.join(', ')}`);
      if (unused.length) problems.push(`plural "${part.name}" has ${unused.join(', ')}, which ${locale} never uses`);
    }
    for (const branch of part.options.values()) problems.push(...pluralKeyProblems(locale, branch));
  }
  return problems;
}

/** The literal text runs of a message (every branch), e.g. to look for untranslated English on a page. */
export function messageLiterals(source: string): string[] {
  const out: string[] = [];
  const walk = (parts: readonly MessagePart[]) => {
    for (const part of parts) {
      if (part.kind === 'text') out.push(part.text);
      if (part.kind === 'plural' || part.kind === 'select') for (const branch of part.options.values()) walk(branch);
    }
  };
  walk(parseMessage(source));
  return out;
}

/** Hand-made plurals such as "file(s)", "Datei(en)", "bestand(en)", "Versuch(e)" are what this layer replaces. */
const HAND_MADE_PLURAL = /\p{L}\((?:s|es|e|en|n)\)/u;

function describeArguments(source: string): string {
  return messageArguments(source).map((a) => `${a.name}:${a.kind}`).join(' ');
}

/** Problems of one message in one language, as "key: problem" lines (empty when the message is fine). */
function messageProblems(locale: string, key: string, source: string, reference: string | undefined): string[] {
  let parts: MessagePart[];
  try {
    parts = parseMessage(source);
  } catch (error) {
    return [`${key}: ${(error as Error).message}`];
  }
  const problems = pluralKeyProblems(locale, parts).map((p) => `${key}: ${p}`);
  if (HAND_MADE_PLURAL.test(source)) problems.push(`${key}: hand-made plural; use {count, plural, …}`);
  if (reference !== undefined && reference !== source) {
    try {
      const want = describeArguments(reference);
      const got = describeArguments(source);
      if (want !== got) problems.push(`${key}: arguments "${got}" differ from the reference's "${want}"`);
    } catch {
      // The reference's own syntax error is reported when the reference is checked.
    }
  }
  return problems;
}

/**
 * Every problem of `catalog` (language `locale`) measured against `reference`; pass the reference itself with its
 * own locale to check its syntax and plurals. An empty list means the catalog is fine.
 */
export function catalogProblems(locale: string, catalog: Readonly<Record<string, string>>, reference: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(reference)) if (!Object.hasOwn(catalog, key)) problems.push(`${key}: missing`);
  for (const [key, source] of Object.entries(catalog)) {
    if (!Object.hasOwn(reference, key)) problems.push(`${key}: not in the reference catalog`);
    problems.push(...messageProblems(locale, key, source, reference[key]));
  }
  return problems;
}
