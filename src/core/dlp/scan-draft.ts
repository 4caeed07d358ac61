/**
 * scanDraft: the one entry point of the engine. Pure and synchronous: give it the draft (with text
 * already extracted from attachments), the organisation's rules and what the caller knows about the
 * sender; get notices back. Runs the same in the browser, the CLI, the API and the gateway.
 */
import {
  attachmentNotices,
  combinationNotices,
  contentNotices,
  groupFindings,
  recipientNotices,
  riskNotice,
} from './build-notices.ts';
import { collectFindings, draftSources } from './collect-findings.ts';
import { domainOf, recipientFacts, type RecipientFacts } from './detectors/recipients.ts';
import { assessRisk, informationDocument } from './risk-score.ts';
import type { RuleSet } from './rule-set.ts';
import { levels, type DetectorId, type Draft, type Finding, type Level, type Notice, type ScanContext, type ScanResult } from './types.ts';

const recipientDetectors = new Set<DetectorId>(['externalRecipient', 'newRecipient', 'visibleRecipients', 'lookalikeDomain', 'personalMailbox']);
const businessWords = /(?:rechnung|factuur|invoice|vertrag|contract|overeenkomst|angebot|offerte|quote|bestellung|order|patient|patiënt|client|cliënt|mandant|kunde|klant|customer|bijlage|anlage|attachment|gehalt|salaris|salary|dossier|akte)/iu;

function withoutIgnoredValues(findings: Finding[], ignore: readonly string[]): Finding[] {
  if (ignore.length === 0) return findings;
  const norm = (v: string): string => v.replace(/[\s.\-/]/g, '').toUpperCase();
  const set = new Set(ignore.map(norm));
  return findings.filter((f) => !set.has(norm(f.value)));
}

function applyRecipientExceptions(notices: Notice[], facts: RecipientFacts, rules: RuleSet): Notice[] {
  if (facts.all.length === 0) return notices;
  const silenced = new Set<DetectorId>();
  for (const t of rules.exceptions.trustedRecipients) {
    const inDomains = facts.all.every((a) => t.domains.some((d) => domainOf(a) === d || domainOf(a).endsWith(`.${d}`)));
    if (inDomains) t.detectors.forEach((d) => silenced.add(d));
  }
  let out = notices.filter((n) => !silenced.has(n.detector));
  if (facts.allInternal && rules.internalMail !== 'same') {
    out = out.flatMap((n) => {
      if (recipientDetectors.has(n.detector)) return [n];
      if (rules.internalMail === 'ignore') return n.detector === 'riskyAttachment' ? [n] : [];
      return [{ ...n, level: n.detector === 'riskyAttachment' ? n.level : 'advice' }];
    });
  }
  return out;
}

function highest(notices: readonly Notice[]): Level | null {
  let best = -1;
  for (const n of notices) best = Math.max(best, levels.indexOf(n.level));
  return best < 0 ? null : (levels[best] ?? null);
}

function countsOf(findings: readonly Finding[], notices: readonly Notice[]): ScanResult['counts'] {
  const counts: ScanResult['counts'] = {};
  const distinct = new Map<DetectorId, Set<string>>();
  for (const f of findings) {
    const set = distinct.get(f.detector) ?? new Set<string>();
    set.add(`${f.ruleId ?? ''}|${f.value}`);
    distinct.set(f.detector, set);
  }
  for (const [d, set] of distinct) counts[d] = set.size;
  for (const n of notices) if (counts[n.detector] === undefined) counts[n.detector] = n.count;
  return counts;
}

export function scanDraft(draft: Draft, rules: RuleSet, context: ScanContext = {}): ScanResult {
  const sources = draftSources(draft);
  const ignored = [...rules.exceptions.ignoreValues, ...rules.organisation.ibans, ...rules.organisation.vatNumbers];
  const findings = withoutIgnoredValues(collectFindings(sources, rules), ignored);
  const groups = groupFindings(findings);
  const senderDomain = context.senderAddress ? domainOf(context.senderAddress) : '';
  const known = context.knownAddresses ? new Set([...context.knownAddresses].map((a) => a.toLowerCase())) : null;
  const facts = recipientFacts(draft, {
    internalDomains: [...rules.internalDomains, ...(senderDomain ? [senderDomain] : [])],
    knownAddresses: known,
    extraKnownDomains: rules.detectors.lookalikeDomain.knownDomains,
    extraPersonalDomains: rules.detectors.personalMailbox.domains,
  });
  const risk = assessRisk(groups, rules, informationDocument.test(`${draft.subject}\n${draft.body.slice(0, 400)}`));
  const combined = riskNotice(groups, rules, risk);
  const content = [...contentNotices(groups, rules, risk), ...combinationNotices(groups, rules, risk), ...(combined ? [combined] : [])];
  const businessLike = content.length > 0 || (draft.attachments?.length ?? 0) > 0 || businessWords.test(`${draft.subject}\n${draft.body.slice(0, 20_000)}`);
  const all = [...content, ...recipientNotices(facts, rules, businessLike), ...attachmentNotices(draft, rules)];
  const notices = applyRecipientExceptions(all, facts, rules).sort((a, b) => levels.indexOf(b.level) - levels.indexOf(a.level));
  return {
    notices,
    highestLevel: highest(notices),
    counts: countsOf(findings, notices),
    scannedChars: sources.reduce((n, s) => n + s.text.length, 0),
  };
}
