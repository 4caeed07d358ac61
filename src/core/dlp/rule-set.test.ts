import { describe, expect, it } from 'vitest';
import { defaultRuleSet, parseRuleSet, ruleSetSchema } from './rule-set.ts';
import { compileCustomPattern, findPattern } from './custom-pattern.ts';

describe('rule set', () => {
  it('fills a minimal rule set with the healthcare defaults', () => {
    const r = parseRuleSet({ version: 1, internalDomains: ['Klinik-Nord.DE'] });
    expect(r.internalDomains).toEqual(['klinik-nord.de']);
    expect(r.detectors.bsn).toEqual(defaultRuleSet.detectors.bsn);
    expect(r.combinations.map((c) => c.id)).toContain('medical-with-identity');
  });

  it('rejects unknown keys at every level', () => {
    expect(ruleSetSchema.safeParse({ version: 1, extra: true }).success).toBe(false);
    expect(ruleSetSchema.safeParse({ version: 1, detectors: { iban: { enabled: true, level: 'advice', minCount: 1, foo: 1 } } }).success).toBe(false);
    expect(ruleSetSchema.safeParse({ version: 1, detectors: { unknownDetector: {} } }).success).toBe(false);
  });

  it('rejects bad levels, domains, thresholds and duplicate rule ids', () => {
    expect(ruleSetSchema.safeParse({ version: 1, detectors: { iban: { enabled: true, level: 'block', minCount: 1 } } }).success).toBe(false);
    expect(ruleSetSchema.safeParse({ version: 1, internalDomains: ['not a domain'] }).success).toBe(false);
    expect(ruleSetSchema.safeParse({ version: 1, detectors: { iban: { enabled: true, level: 'advice', minCount: 0 } } }).success).toBe(false);
    expect(ruleSetSchema.safeParse({ version: 2 }).success).toBe(false);
    const kw = { kind: 'keywords', id: 'x', label: 'X', keywords: ['geheim'], level: 'warning' };
    expect(ruleSetSchema.safeParse({ version: 1, custom: [kw, kw] }).success).toBe(false);
  });

  it('rejects patterns the linear-time engine cannot run, with a clear message', () => {
    const custom = (pattern: string) => ({ version: 1, custom: [{ kind: 'pattern', id: 'p', label: 'P', pattern, level: 'warning' }] });
    const backref = ruleSetSchema.safeParse(custom('(a)\\1'));
    expect(backref.success).toBe(false);
    expect(JSON.stringify(backref.error?.issues)).toMatch(/linear-time engine/);
    expect(ruleSetSchema.safeParse(custom('(?=x)y')).success).toBe(false);
    expect(ruleSetSchema.safeParse(custom('a*')).success).toBe(false);
    expect(ruleSetSchema.safeParse(custom('x'.repeat(301))).success).toBe(false);
    expect(ruleSetSchema.safeParse(custom('PRJ-\\d{4}')).success).toBe(true);
  });

  it('runs a classic catastrophic-backtracking pattern in linear time (finishes on a long input)', () => {
    const compiled = compileCustomPattern('(a+)+$', true);
    if (typeof compiled === 'string') throw new Error(compiled);
    // A backtracking engine needs ~2^50 steps here; RE2 walks the input once.
    expect(findPattern(compiled, `${'a'.repeat(50_000)}!`)).toEqual([]);
  });
});
