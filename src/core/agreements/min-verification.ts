/**
 * Minimum verification strength per security-notice rule (docs/dlp.md, "Minimum verification"). A rule of the
 * organisation's set may carry `minVerification`; the plaintext is only on the sender's device, so the client
 * declares the ids of the rules whose notices fired (`noticeRuleIds` at compose and send) and the server refuses
 * recipients verified more weakly than the strongest demand among them. Pure: the web app runs the same functions to
 * pre-select a strong enough method.
 */
import { methodStrength, type VerificationMethod } from '../transfers/model.ts';
import type { MinVerification, RuleSet } from '../dlp/rule-set.ts';

import { alwaysSecureNoticeId } from './secure-sending.ts';

/** What the declared rules demand: the strongest minimum and the rule that sets it. */
export interface NoticeDemand {
  minimum: MinVerification;
  noticeRuleId: string;
  label: string;
}

/** The one comparison: `account` beats `sms` = `code`, which beat `email`, which beats `none`. */
export function strongEnough(method: VerificationMethod, minimum: MinVerification): boolean {
  return methodStrength[method] >= methodStrength[minimum];
}

type Resolved = { minVerification?: MinVerification | undefined; label: string } | undefined;

/** The rule behind a notice id (`iban`, `custom:<id>`, `combination:<id>`, `combination:risk`, the agreement's). */
function resolve(rules: RuleSet, noticeId: string): Resolved {
  if (noticeId === alwaysSecureNoticeId) return { label: noticeId };
  if (noticeId === 'combination:risk') return { minVerification: rules.risk.minVerification, label: noticeId };
  if (noticeId.startsWith('combination:')) return rules.combinations.find((c) => `combination:${c.id}` === noticeId);
  if (noticeId.startsWith('custom:')) return rules.custom.find((c) => `custom:${c.id}` === noticeId);
  if (noticeId === 'person' || !Object.hasOwn(rules.detectors, noticeId)) return undefined;
  const rule = rules.detectors[noticeId as keyof RuleSet['detectors']] as { minVerification?: MinVerification };
  return { minVerification: rule.minVerification, label: noticeId };
}

/** The minimum a notice's rule demands (undefined: none); null when the id names no rule of this set. */
export function noticeMinimum(rules: RuleSet, noticeId: string): MinVerification | undefined | null {
  const r = resolve(rules, noticeId);
  return r === undefined ? null : r.minVerification;
}

/** Declared ids this rule set does not know (a client with an old or forged list). */
export function unknownNoticeIds(rules: RuleSet, ids: readonly string[]): string[] {
  return ids.filter((id) => resolve(rules, id) === undefined);
}

/** The strongest demand among the declared rules, or undefined when none of them sets a minimum. */
export function strongestDemand(rules: RuleSet, ids: readonly string[]): NoticeDemand | undefined {
  let best: NoticeDemand | undefined;
  for (const id of ids) {
    const r = resolve(rules, id);
    const minimum = r?.minVerification;
    if (!r || !minimum) continue;
    if (!best || methodStrength[minimum] > methodStrength[best.minimum]) best = { minimum, noticeRuleId: id, label: r.label };
  }
  return best;
}

/** Methods among `methods` that meet the demand (all of them without one). */
export function methodsMeeting<M extends VerificationMethod>(methods: readonly M[], minimum: MinVerification | undefined): M[] {
  return minimum ? methods.filter((m) => strongEnough(m, minimum)) : [...methods];
}
