/**
 * The organisation's security-notice rules in the settings store. The stored value is the validated,
 * complete rule set (defaults filled in), so what the admin saw after saving is exactly what runs,
 * even when a later release changes the built-in defaults.
 */
import type { z } from 'zod';
import { SealpostError } from '../errors.ts';
import type { SettingsRepository } from '../ports/repositories.ts';
import { defaultRuleSet, ruleSetSchema, type RuleSet } from './rule-set.ts';

export const ruleSetSettingKey = 'dlp.ruleSet';

/** One reason a rule set was refused: a JSON pointer to the field (`/detectors/iban/minCount`) and why. */
export interface RuleSetIssue {
  path: string;
  message: string;
}

export interface LoadedRuleSet {
  rules: RuleSet;
  /**
   * `stored`: the organisation's own set. `default`: nothing stored yet. `invalid`: a stored set no
   * longer validates (e.g. after an upgrade); the built-in default runs until an admin saves a new one.
   */
  source: 'stored' | 'default' | 'invalid';
  /** Why a stored set was set aside (empty otherwise). */
  issues: RuleSetIssue[];
}

const maxIssues = 50;

function toIssues(error: z.ZodError): RuleSetIssue[] {
  return error.issues.slice(0, maxIssues).map((issue) => ({
    path: `/${issue.path.map((p) => String(p)).join('/')}`,
    message: issue.message,
  }));
}

/** The rule set with where it came from; never throws for a bad stored value (scans must keep working). */
export async function loadRuleSetWithStatus(settings: SettingsRepository, key = ruleSetSettingKey): Promise<LoadedRuleSet> {
  const stored = await settings.get(key);
  if (stored === undefined) return { rules: defaultRuleSet, source: 'default', issues: [] };
  const parsed = ruleSetSchema.safeParse(stored);
  if (!parsed.success) return { rules: defaultRuleSet, source: 'invalid', issues: toIssues(parsed.error) };
  return { rules: parsed.data, source: 'stored', issues: [] };
}

/** The rule set scans should use: the stored one, or the built-in default when none (valid) is stored. */
export async function loadRuleSet(settings: SettingsRepository): Promise<RuleSet> {
  return (await loadRuleSetWithStatus(settings)).rules;
}

/** Validates and stores a new rule set, replacing the old one; returns it with every default filled in. */
export async function saveRuleSet(settings: SettingsRepository, input: unknown, key = ruleSetSettingKey): Promise<RuleSet> {
  const parsed = ruleSetSchema.safeParse(input);
  if (!parsed.success) {
    const issues = toIssues(parsed.error);
    const first = issues[0];
    throw new SealpostError('SP_ERR_VALIDATION', {
      message: first ? `Invalid rule set: ${first.path}: ${first.message}` : 'Invalid rule set',
      details: issues,
    });
  }
  await settings.set(key, parsed.data);
  return parsed.data;
}
