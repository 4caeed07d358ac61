/**
 * The organisation's rule set: which detectors are on, thresholds, the level of each rule, internal
 * domains, custom keywords and patterns, combinations and exceptions. Stored as JSON (the schema is
 * what the database and the API validate); every field has a default from the healthcare preset.
 */
import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { compileCustomPattern } from './custom-pattern.ts';
import { detectorIds, levels } from './types.ts';

const level = z.enum(levels);
const detectorId = z.enum(detectorIds);
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)(?:[a-z0-9\p{L}](?:[a-z0-9\p{L}-]{0,61}[a-z0-9\p{L}])?\.)+[a-z\p{L}]{2,63}$/u, 'not a domain name');
const ruleId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lower-case letters, digits and dashes');
/**
 * The weakest recipient verification a rule's notice allows (docs/dlp.md, "Minimum verification"). Strength order as
 * in src/core/agreements/min-verification.ts: account, then sms = code, then email. Absent: any method.
 */
export const minVerificationLevels = ['account', 'sms', 'code', 'email'] as const;
export type MinVerification = (typeof minVerificationLevels)[number];
const minVerification = z.enum(minVerificationLevels).optional();

const countRule = z
  .object({
    enabled: z.boolean(),
    level,
    minCount: z.int().min(1).max(100_000),
    escalate: z.object({ minCount: z.int().min(1).max(100_000), level }).strict().optional(),
    minVerification,
  })
  .strict();
const onOff = z.object({ enabled: z.boolean(), level, minVerification }).strict();

const rule = (defaults: z.input<typeof countRule>) => countRule.default(defaults);

/**
 * IBANs depend on whose account it is: a person's (salary, refund, "my new account") is a warning,
 * an organisation's (invoice footer, reminder, donation account) advice or nothing; the count rule
 * applies to IBANs whose context says neither.
 */
const ibanRule = countRule
  // Optional, so stored rule sets read back exactly as saved; absent means the defaults below.
  .extend({ privateLevel: level.optional(), companyLevel: z.enum(['off', ...levels]).optional() })
  .default({ enabled: true, level: 'advice', minCount: 1, escalate: { minCount: 3, level: 'warning' } });

/** A private person's IBAN is a warning, an organisation's advice, unless the rule set says otherwise. */
export const ibanContextDefaults = { privateLevel: 'warning', companyLevel: 'advice' } as const;

const detectorsSchema = z
  .object({
    iban: ibanRule,
    paymentCard: rule({ enabled: true, level: 'warning', minCount: 1, escalate: { minCount: 3, level: 'required' } }),
    bsn: rule({ enabled: true, level: 'warning', minCount: 1, escalate: { minCount: 3, level: 'required' } }),
    steuerId: rule({ enabled: true, level: 'warning', minCount: 1, escalate: { minCount: 3, level: 'required' } }),
    kvnr: rule({ enabled: true, level: 'warning', minCount: 1, escalate: { minCount: 3, level: 'required' } }),
    beNationalNumber: rule({ enabled: true, level: 'warning', minCount: 1, escalate: { minCount: 3, level: 'required' } }),
    atSvNumber: rule({ enabled: true, level: 'warning', minCount: 1, escalate: { minCount: 3, level: 'required' } }),
    nhsNumber: rule({ enabled: true, level: 'warning', minCount: 1, escalate: { minCount: 3, level: 'required' } }),
    // Signals: a notice only for lists (many numbers / birth dates); they feed combinations.
    phone: rule({ enabled: true, level: 'advice', minCount: 20 }),
    dateOfBirth: rule({ enabled: true, level: 'warning', minCount: 5, escalate: { minCount: 20, level: 'required' } }),
    medical: z
      .object({
        enabled: z.boolean(),
        level,
        minScore: z.number().min(1).max(1000),
        escalate: z.object({ minScore: z.number().min(1).max(1000), level }).strict().optional(),
        minVerification,
      })
      .strict()
      .default({ enabled: true, level: 'warning', minScore: 5, escalate: { minScore: 12, level: 'required' } }),
    /** Named, identifiable people: a signal for the risk score (health content counts only about a person). */
    person: z.object({ enabled: z.boolean() }).strict().default({ enabled: true }),
    externalRecipient: onOff.default({ enabled: true, level: 'advice' }),
    newRecipient: onOff.default({ enabled: true, level: 'advice' }),
    visibleRecipients: z
      .object({ enabled: z.boolean(), level, maxVisible: z.int().min(1).max(10_000), minVerification })
      .strict()
      .default({ enabled: true, level: 'warning', maxVisible: 5 }),
    lookalikeDomain: z
      .object({ enabled: z.boolean(), level, knownDomains: z.array(domain).max(1000), minVerification })
      .strict()
      .default({ enabled: true, level: 'warning', knownDomains: [] }),
    personalMailbox: z
      .object({ enabled: z.boolean(), level, domains: z.array(domain).max(1000), minVerification })
      .strict()
      .default({ enabled: true, level: 'advice', domains: [] }),
    riskyAttachment: z
      .object({ enabled: z.boolean(), level, extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).max(200), minVerification })
      .strict()
      .default({ enabled: true, level: 'required', extensions: [] }),
    unscannable: onOff.default({ enabled: true, level: 'warning' }),
  })
  .strict();

const customRule = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('keywords'),
      id: ruleId,
      label: z.string().min(1).max(200),
      keywords: z.array(z.string().trim().min(2).max(100)).min(1).max(500),
      level,
      minCount: z.int().min(1).max(100_000).default(1),
      minVerification,
    })
    .strict(),
  z
    .object({
      kind: z.literal('pattern'),
      id: ruleId,
      label: z.string().min(1).max(200),
      pattern: z.string(),
      caseSensitive: z.boolean().default(false),
      level,
      minCount: z.int().min(1).max(100_000).default(1),
      minVerification,
    })
    .strict()
    .superRefine((r, ctx) => {
      const compiled = compileCustomPattern(r.pattern, r.caseSensitive);
      if (typeof compiled === 'string') ctx.addIssue({ code: 'custom', path: ['pattern'], message: compiled });
    }),
]);

const combination = z
  .object({
    id: ruleId,
    label: z.string().min(1).max(200),
    /** Every one of these detectors found something… */
    all: z.array(detectorId).min(1).max(10),
    /** …and at least one of these (when given). */
    any: z.array(detectorId).max(20).default([]),
    level,
    minVerification,
  })
  .strict();

const exceptions = z
  .object({
    /** Values never reported, e.g. the organisation's own IBAN on every invoice (compared without spaces). */
    ignoreValues: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
    /** Detectors that stay silent when every recipient is in one of these domains (a partner lab, say). */
    trustedRecipients: z
      .array(z.object({ domains: z.array(domain).min(1).max(500), detectors: z.array(detectorId).min(1) }).strict())
      .max(100)
      .default([]),
  })
  .strict();

/**
 * One risk score per draft: every signal (a person, health content about them, a private IBAN, a
 * national identifier, a list of people) adds points; the combined notice's level follows the score.
 */
const risk = z
  .object({ enabled: z.boolean(), warningScore: z.number().min(1).max(100), requiredScore: z.number().min(1).max(100), minVerification })
  .strict()
  .refine((r) => r.requiredScore >= r.warningScore, { message: 'requiredScore must not be below warningScore', path: ['requiredScore'] });

/** The organisation's own identifiers: its IBANs are never reported, its VAT numbers mark its own invoices and footers. */
const organisation = z
  .object({
    ibans: z.array(z.string().trim().min(5).max(50)).max(100).default([]),
    vatNumbers: z.array(z.string().trim().min(4).max(30)).max(100).default([]),
  })
  .strict();

export const ruleSetSchema = z
  .object({
    version: z.literal(1),
    name: z.string().max(200).default('Healthcare default'),
    internalDomains: z.array(domain).max(1000).default([]),
    /** Country used to read phone numbers written without +country code. */
    phoneCountry: z
      .string()
      .refine((c) => isSupportedCountry(c), 'unknown country code')
      .default('NL'),
    /** Content notices when every recipient is internal: same level, downgraded to advice, or none. */
    internalMail: z.enum(['same', 'downgrade', 'ignore']).default('downgrade'),
    detectors: detectorsSchema.default(() => detectorsSchema.parse({})),
    combinations: z.array(combination).max(50).default(() => defaultCombinations()),
    custom: z.array(customRule).max(100).default([]),
    exceptions: exceptions.default(() => exceptions.parse({})),
    risk: risk.default({ enabled: true, warningScore: 4, requiredScore: 7 }),
    organisation: organisation.default(() => organisation.parse({})),
  })
  .strict()
  .superRefine((r, ctx) => {
    const ids = [...r.custom.map((c) => c.id), ...r.combinations.map((c) => c.id)];
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['custom'], message: `rule id "${dup}" is used twice` });
  });

export type RuleSet = z.output<typeof ruleSetSchema>;
export type RuleSetInput = z.input<typeof ruleSetSchema>;
export type CustomRule = RuleSet['custom'][number];

function defaultCombinations(): RuleSet['combinations'] {
  return [
    {
      id: 'medical-with-identity',
      label: 'Medical content about an identifiable person',
      all: ['medical'],
      any: ['bsn', 'steuerId', 'kvnr', 'beNationalNumber', 'atSvNumber', 'nhsNumber', 'dateOfBirth'],
      level: 'required',
    },
    {
      id: 'identifier-with-birthdate',
      label: 'National identifier together with a date of birth',
      all: ['dateOfBirth'],
      any: ['bsn', 'steuerId', 'kvnr', 'beNationalNumber', 'atSvNumber', 'nhsNumber'],
      level: 'required',
    },
  ];
}

/** Sensible for a healthcare organisation: patient data must go securely, financial data should. */
export const defaultRuleSet: RuleSet = ruleSetSchema.parse({ version: 1 });

/** Parses a stored or uploaded rule set; missing fields take the healthcare defaults. */
export function parseRuleSet(input: unknown): RuleSet {
  return ruleSetSchema.parse(input);
}
