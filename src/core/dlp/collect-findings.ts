/** Turns a draft into text sources and runs the content detectors over them. */
import { compileCustomPattern, findPattern } from './custom-pattern.ts';
import { findIdentifiers } from './detectors/identifiers.ts';
import { findMedical } from './detectors/medical.ts';
import { findPersons } from './detectors/persons.ts';
import { findDatesOfBirth, findPhones } from './detectors/personal-signals.ts';
import { maskValue } from './mask.ts';
import type { CustomRule, RuleSet } from './rule-set.ts';
import { createSource, locate, type TextSource } from './text-source.ts';
import type { DetectorId, Draft, Finding } from './types.ts';

export function draftSources(draft: Draft): TextSource[] {
  const sources = [createSource({ part: 'subject' }, draft.subject), createSource({ part: 'body' }, draft.body)];
  for (const a of draft.attachments ?? []) {
    sources.push(createSource({ part: 'attachmentName', attachmentName: a.name }, a.name));
    if (a.extraction?.status !== 'ok') continue;
    for (const p of a.extraction.pages) {
      const base = p.page === undefined ? { part: 'attachment' as const, attachmentName: a.name } : { part: 'attachment' as const, attachmentName: a.name, page: p.page };
      sources.push(createSource(base, p.text));
    }
  }
  return sources.filter((s) => s.text.length > 0);
}

function enabledDetectors(rules: RuleSet): Set<DetectorId> {
  const on = new Set<DetectorId>();
  for (const [id, r] of Object.entries(rules.detectors)) if (r.enabled) on.add(id as DetectorId);
  // Signals feed combinations even when their own notice is off.
  for (const c of rules.combinations) for (const id of [...c.all, ...c.any]) on.add(id);
  return on;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function keywordRegex(keywords: readonly string[]): RegExp {
  // Escaped literals in one alternation: no quantifiers, so no backtracking blow-up.
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${keywords.map(escapeRe).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

function customFindings(rule: CustomRule, sources: readonly TextSource[]): Finding[] {
  const out: Finding[] = [];
  const ruleId = `custom:${rule.id}`;
  if (rule.kind === 'keywords') {
    const re = keywordRegex(rule.keywords);
    for (const s of sources) {
      for (const m of s.text.matchAll(re)) {
        out.push({ detector: 'customKeyword', ruleId, location: locate(s, m.index), evidence: m[0], value: m[0].toLowerCase(), weight: 1 });
      }
    }
    return out;
  }
  const compiled = compileCustomPattern(rule.pattern, rule.caseSensitive);
  if (typeof compiled === 'string') return out;
  for (const s of sources) {
    for (const [index, text] of findPattern(compiled, s.text)) {
      out.push({ detector: 'customPattern', ruleId, location: locate(s, index), evidence: maskValue(text, 2), value: text, weight: 1 });
    }
  }
  return out;
}

/** Every content finding of the draft (identifiers, signals, persons, medical terms, custom rules). */
export function collectFindings(sources: readonly TextSource[], rules: RuleSet): Finding[] {
  const on = enabledDetectors(rules);
  const country = rules.phoneCountry;
  const subject = sources.find((s) => s.base.part === 'subject')?.text ?? '';
  const out: Finding[] = [];
  for (const s of sources) {
    const ids = findIdentifiers(s, { enabled: on, subject, ownVatNumbers: rules.organisation.vatNumbers });
    out.push(...ids.findings);
    if (on.has('person')) out.push(...findPersons(s));
    if (on.has('phone')) out.push(...findPhones(s, country, ids.blanked));
    if (on.has('dateOfBirth')) out.push(...findDatesOfBirth(s));
    if (on.has('medical')) out.push(...findMedical(s));
  }
  for (const rule of rules.custom) out.push(...customFindings(rule, sources));
  return out;
}
