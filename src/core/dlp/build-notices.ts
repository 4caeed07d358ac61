/** Applies the rule set to findings and recipient/attachment facts, producing notices. */
import { attachmentRisk } from './detectors/attachments.ts';
import { recipientsLocation, type RecipientFacts } from './detectors/recipients.ts';
import type { RiskAssessment } from './risk-score.ts';
import { ibanContextDefaults, type RuleSet } from './rule-set.ts';
import { levels, type DetectorId, type Draft, type Finding, type Level, type Location, type Notice } from './types.ts';

const maxLevel = (a: Level, b: Level): Level => (levels.indexOf(a) >= levels.indexOf(b) ? a : b);

const sameLocation = (a: Location, b: Location): boolean =>
  a.part === b.part && a.attachmentName === b.attachmentName && a.page === b.page && a.line === b.line;

function summarize(findings: readonly Finding[]): Pick<Notice, 'count' | 'locations' | 'evidence'> {
  const values = new Set(findings.map((f) => f.value));
  const locations: Location[] = [];
  const evidence: string[] = [];
  for (const f of findings) {
    if (locations.length < 5 && !locations.some((l) => sameLocation(l, f.location))) locations.push(f.location);
    if (evidence.length < 3 && !evidence.includes(f.evidence)) evidence.push(f.evidence);
  }
  return { count: values.size, locations, evidence };
}

export function groupFindings(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.ruleId ?? f.detector;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  return groups;
}

type CountRule = { enabled: boolean; level: Level; minCount: number; escalate?: { minCount: number; level: Level } | undefined };

const countDetectors = ['paymentCard', 'bsn', 'steuerId', 'kvnr', 'beNationalNumber', 'atSvNumber', 'nhsNumber', 'phone', 'dateOfBirth'] as const;

/** IBANs by whose account they are: private → its own level, company → advice (or off), neutral → the count rule. */
function ibanNotice(found: readonly Finding[], rules: RuleSet): Notice | null {
  const rule = rules.detectors.iban;
  if (!rule.enabled || found.length === 0) return null;
  const count = (tag: string): number => new Set(found.filter((f) => f.tag === tag).map((f) => f.value)).size;
  const candidates: Level[] = [];
  const privates = count('private');
  if (privates > 0) candidates.push(privates >= 3 ? 'required' : (rule.privateLevel ?? ibanContextDefaults.privateLevel));
  const neutral = count('neutral');
  if (neutral >= rule.minCount) candidates.push(rule.escalate && neutral >= rule.escalate.minCount ? rule.escalate.level : rule.level);
  const companyLevel = rule.companyLevel ?? ibanContextDefaults.companyLevel;
  if (count('company') > 0 && companyLevel !== 'off') candidates.push(companyLevel);
  if (candidates.length === 0) return null;
  const level = candidates.reduce(maxLevel);
  return { id: 'iban', detector: 'iban', level, ...summarize(found), params: { threshold: rule.minCount, context: privates > 0 ? 'private' : neutral > 0 ? 'neutral' : 'company' } };
}

export function contentNotices(groups: Map<string, Finding[]>, rules: RuleSet, risk: RiskAssessment): Notice[] {
  const notices: Notice[] = [];
  const iban = ibanNotice(groups.get('iban') ?? [], rules);
  if (iban) notices.push(iban);
  for (const id of countDetectors) {
    const rule: CountRule = rules.detectors[id];
    const found = groups.get(id) ?? [];
    const s = summarize(found);
    if (!rule.enabled || found.length === 0 || s.count < rule.minCount) continue;
    const level = rule.escalate && s.count >= rule.escalate.minCount ? rule.escalate.level : rule.level;
    notices.push({ id, detector: id, level, ...s, params: { threshold: rule.minCount } });
  }
  const med = rules.detectors.medical;
  const medical = groups.get('medical') ?? [];
  const score = risk.healthScore;
  // Health content raises a notice only about an identifiable person; its level rises with the combined risk.
  if (risk.healthCounts) {
    const byScore = med.escalate && score >= med.escalate.minScore ? med.escalate.level : med.level;
    const level = risk.level ? maxLevel(byScore, risk.level) : byScore;
    notices.push({ id: 'medical', detector: 'medical', level, ...summarize(medical), params: { score, threshold: med.minScore } });
  }
  for (const rule of rules.custom) {
    const found = groups.get(`custom:${rule.id}`) ?? [];
    const s = summarize(found);
    if (found.length === 0 || s.count < rule.minCount) continue;
    const detector = rule.kind === 'keywords' ? 'customKeyword' : 'customPattern';
    notices.push({ id: `custom:${rule.id}`, detector, level: rule.level, ...s, params: { label: rule.label, threshold: rule.minCount } });
  }
  return notices;
}

export function recipientNotices(facts: RecipientFacts, rules: RuleSet, businessLike: boolean): Notice[] {
  const d = rules.detectors;
  const out: Notice[] = [];
  const add = (detector: DetectorId, level: Level, addresses: string[], params: Notice['params'] = {}): void => {
    if (addresses.length === 0) return;
    // Addresses are shown as domains only: the sender knows whom they wrote to.
    const evidence = [...new Set(addresses.map((a) => `…@${a.split('@').pop() ?? ''}`))].slice(0, 3);
    out.push({ id: detector, detector, level, count: addresses.length, locations: [recipientsLocation], evidence, params });
  };
  if (d.externalRecipient.enabled) add('externalRecipient', d.externalRecipient.level, facts.external);
  if (d.newRecipient.enabled) add('newRecipient', d.newRecipient.level, facts.newAddresses);
  if (d.visibleRecipients.enabled && facts.visibleExternal.length > d.visibleRecipients.maxVisible) {
    add('visibleRecipients', d.visibleRecipients.level, facts.visibleExternal, { threshold: d.visibleRecipients.maxVisible });
  }
  if (d.lookalikeDomain.enabled && facts.lookalikes.length > 0) {
    const first = facts.lookalikes[0];
    add('lookalikeDomain', d.lookalikeDomain.level, facts.lookalikes.map((l) => l.address), { imitates: first?.imitates ?? '' });
  }
  if (d.personalMailbox.enabled && businessLike) add('personalMailbox', d.personalMailbox.level, facts.personal);
  return out;
}

export function attachmentNotices(draft: Draft, rules: RuleSet): Notice[] {
  const out: Notice[] = [];
  const risky = rules.detectors.riskyAttachment;
  const atts = draft.attachments ?? [];
  const flagged = risky.enabled ? atts.flatMap((a) => {
    const risk = attachmentRisk(a, risky.extensions);
    return risk ? [{ a, risk }] : [];
  }) : [];
  if (flagged.length > 0) {
    out.push({
      id: 'riskyAttachment', detector: 'riskyAttachment', level: risky.level, count: flagged.length,
      locations: flagged.slice(0, 5).map(({ a }) => ({ part: 'attachmentName', attachmentName: a.name })),
      evidence: flagged.slice(0, 3).map(({ a }) => a.name), params: { reason: flagged[0]?.risk ?? 'executable' },
    });
  }
  const unscannable = rules.detectors.unscannable;
  const failed = atts.filter((a) => a.extraction?.status === 'failed');
  if (unscannable.enabled && failed.length > 0) {
    const first = failed[0]?.extraction;
    out.push({
      id: 'unscannable', detector: 'unscannable', level: unscannable.level, count: failed.length,
      locations: failed.slice(0, 5).map((a) => ({ part: 'attachment', attachmentName: a.name })),
      evidence: failed.slice(0, 3).map((a) => a.name), params: { reason: first?.status === 'failed' ? first.reason : 'corrupt' },
    });
  }
  return out;
}

/** Combination rules: each listed detector "found something" (medical: health content about a person). */
export function combinationNotices(groups: Map<string, Finding[]>, rules: RuleSet, risk: RiskAssessment): Notice[] {
  const found = (id: DetectorId): boolean => (id === 'medical' ? risk.healthCounts : (groups.get(id)?.length ?? 0) > 0);
  const out: Notice[] = [];
  for (const c of rules.combinations) {
    const hitAny = c.any.filter(found);
    if (!c.all.every(found) || (c.any.length > 0 && hitAny.length === 0)) continue;
    const parts = [...c.all, ...hitAny].flatMap((id) => groups.get(id) ?? []);
    const s = summarize(parts);
    out.push({ id: `combination:${c.id}`, detector: 'combination', level: c.level, ...s, count: c.all.length + hitAny.length,
      params: { label: c.label, detectors: [...c.all, ...hitAny].join(',') } });
  }
  return out;
}

/** The combined notice: shown when two or more signals add up to a warning or more. */
export function riskNotice(groups: Map<string, Finding[]>, rules: RuleSet, risk: RiskAssessment): Notice | null {
  const contributing = risk.signals.filter((s) => s.points > 0);
  if (!rules.risk.enabled || !risk.level || contributing.length < 2) return null;
  const detectors = [...new Set(contributing.flatMap((s) => s.detectors))];
  const parts = detectors.flatMap((d) => groups.get(d) ?? []);
  return {
    id: 'combination:risk', detector: 'combination', level: risk.level, ...summarize(parts), count: contributing.length,
    params: { score: risk.score, signals: contributing.map((s) => s.id).join(','), detectors: detectors.join(','), label: '' },
  };
}
