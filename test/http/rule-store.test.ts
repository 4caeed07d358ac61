/**
 * The rule store on both database engines (the settings value is JSON text on SQLite and on
 * PostgreSQL): what an admin saves is exactly what a scan later loads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, createRepositories, type Database } from '../../src/adapters/db/index.ts';
import { defaultRuleSet, scanDraft } from '../../src/core/dlp/index.ts';
import { loadRuleSet, loadRuleSetWithStatus, ruleSetSettingKey, saveRuleSet } from '../../src/core/dlp/rule-store.ts';
import { isSealpostError } from '../../src/core/errors.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { createTestPostgres } from '../db/postgres-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-rules-'));
const pg = await createTestPostgres();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg?.drop();
});

const organisationRules = {
  version: 1,
  name: 'Ziekenhuis Noord',
  internalDomains: ['Ziekenhuis-Noord.NL '],
  phoneCountry: 'NL',
  detectors: { iban: { enabled: true, level: 'warning', minCount: 2, escalate: { minCount: 5, level: 'required' } } },
  custom: [
    { kind: 'keywords', id: 'project-falcon', label: 'Project Falcon', keywords: ['Falcon'], level: 'warning' },
    { kind: 'pattern', id: 'case-number', label: 'Dossiernummer', pattern: 'DOS-\\d{6}', level: 'required', minCount: 1 },
  ],
  exceptions: { ignoreValues: ['NL91 ABNA 0417 1643 00'], trustedRecipients: [{ domains: ['lab-partner.nl'], detectors: ['medical'] }] },
};

function defineRuleStoreSuite(engine: string, open: () => Promise<Database>): void {
  describe(`rule store on ${engine}`, () => {
    let db: Database;
    let repos: Repositories;

    beforeAll(async () => {
      db = await open();
      await db.migrate();
      repos = createRepositories(db, { clock: createManualClock() });
    });
    afterAll(async () => db?.close());
    beforeEach(async () => repos.settings.delete(ruleSetSettingKey));

    it('loads the built-in default when nothing is stored', async () => {
      expect(await loadRuleSet(repos.settings)).toEqual(defaultRuleSet);
      expect(await loadRuleSetWithStatus(repos.settings)).toEqual({ rules: defaultRuleSet, source: 'default', issues: [] });
    });

    it('round-trips a saved rule set, normalised and complete', async () => {
      const saved = await saveRuleSet(repos.settings, organisationRules);
      expect(saved.internalDomains).toEqual(['ziekenhuis-noord.nl']);
      expect(saved.detectors.medical).toEqual(defaultRuleSet.detectors.medical);
      const loaded = await loadRuleSetWithStatus(repos.settings);
      expect(loaded).toEqual({ rules: saved, source: 'stored', issues: [] });
      // The loaded rules work: the custom pattern raises its notice, the ignored IBAN stays quiet.
      const result = scanDraft(
        { subject: 'DOS-123456', body: 'Rekening NL91 ABNA 0417 1643 00', to: ['a@extern.nl'] },
        loaded.rules,
      );
      expect(result.notices.map((n) => n.id)).toContain('custom:case-number');
      expect(result.notices.map((n) => n.detector)).not.toContain('iban');
    });

    it('replaces the previous set', async () => {
      await saveRuleSet(repos.settings, organisationRules);
      await saveRuleSet(repos.settings, { version: 1, name: 'Second' });
      const loaded = await loadRuleSet(repos.settings);
      expect(loaded.name).toBe('Second');
      expect(loaded.custom).toEqual([]);
    });

    it('refuses an invalid set with the field paths and keeps what was stored', async () => {
      await saveRuleSet(repos.settings, organisationRules);
      const error = await saveRuleSet(repos.settings, { version: 1, phoneCountry: 'XX', custom: [{ kind: 'pattern', id: 'x', label: 'X', pattern: '(a)\\1', level: 'advice' }] }).catch((e: unknown) => e);
      expect(isSealpostError(error, 'SP_ERR_VALIDATION')).toBe(true);
      const details = (error as { details: Array<{ path: string; message: string }> }).details;
      expect(details.map((d) => d.path).sort()).toEqual(['/custom/0/pattern', '/phoneCountry']);
      expect(details.find((d) => d.path === '/custom/0/pattern')?.message).toContain('backreferences');
      expect((await loadRuleSet(repos.settings)).name).toBe('Ziekenhuis Noord');
    });

    it('sets a stored value aside that no longer validates, and says why', async () => {
      await repos.settings.set(ruleSetSettingKey, { version: 0, legacyField: true });
      const loaded = await loadRuleSetWithStatus(repos.settings);
      expect(loaded.source).toBe('invalid');
      expect(loaded.rules).toEqual(defaultRuleSet);
      expect(loaded.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['/version', '/']));
      await repos.settings.set(ruleSetSettingKey, 'not even an object');
      expect((await loadRuleSetWithStatus(repos.settings)).source).toBe('invalid');
    });
  });
}

defineRuleStoreSuite('SQLite', () => createDatabase({ sqliteFile: join(dir, 'sealpost.db') }));
describe.skipIf(!pg)('PostgreSQL', () => {
  defineRuleStoreSuite('PostgreSQL', () => createDatabase({ url: pg?.url ?? '' }));
});
