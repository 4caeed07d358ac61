// TOTP secrets at rest (docs/accounts.md, "Threat notes"): enrolled secrets are stored only sealed under SECRET_KEY,
// the SQLite file and its WAL hold no secret in clear, and migration 0016 seals the rows of an older database on
// SQLite and PostgreSQL (and refuses to run without the key, applying nothing).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/adapters/db/database.ts';
import { createRuntime } from '../../src/cli/serve/runtime.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { defaultAccountPolicy } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { openTotpSecret } from '../../src/crypto/totp-seal.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { migrateTo } from '../db/migrate-to.ts';
import { createTestPostgres } from '../db/postgres-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'sp-totp-seal-'));
const pg = await createTestPostgres();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg?.drop();
});

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const key = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

async function insertLegacyUsers(db: Database): Promise<void> {
  const raw = db.kysely.withoutPlugins();
  const at = '2026-01-01T00:00:00.000Z';
  await sql`insert into organisations (id, name, domains, settings, created_at) values ('org1', 'Praxis', '["a.example"]', '{}', ${at})`.execute(raw);
  await sql`insert into users (id, org_id, email, role, disabled, totp_secret, totp_enrolled_at, failed_sign_ins, created_at)
    values ('usr1', 'org1', 'anna@a.example', 'admin', 0, ${SECRET}, ${at}, 0, ${at}),
           ('usr2', 'org1', 'ben@a.example', 'member', 0, null, null, 0, ${at})`.execute(raw);
}

const storedSecrets = async (db: Database) =>
  (await sql<{ id: string; totp_secret: string | null }>`select id, totp_secret from users order by id`.execute(db.kysely.withoutPlugins())).rows;

function defineMigrationTests(engine: string, open: (name: string) => Promise<Database>): void {
  it(`${engine}: 0016 seals an existing TOTP secret under SECRET_KEY, bound to its user`, async () => {
    const db = await open('seal');
    try {
      await migrateTo(db, '0009-accounts');
      await insertLegacyUsers(db);
      expect(await db.migrate({ secretKey: key })).toContain('0016-sealed-totp-sms-factor');
      const [anna, ben] = await storedSecrets(db);
      expect(anna?.totp_secret).not.toContain(SECRET);
      expect(openTotpSecret({ key, userId: 'usr1', sealed: anna?.totp_secret ?? '' })).toBe(SECRET);
      expect(() => openTotpSecret({ key, userId: 'usr2', sealed: anna?.totp_secret ?? '' })).toThrow();
      expect(ben?.totp_secret).toBeNull();
    } finally {
      await db.close();
    }
  });

  it(`${engine}: 0016 without the key refuses, applies nothing and leaves the rows for a run with the key`, async () => {
    const db = await open('nokey');
    try {
      await migrateTo(db, '0009-accounts');
      await insertLegacyUsers(db);
      await expect(db.migrate()).rejects.toThrow(/needs SECRET_KEY/);
      expect((await storedSecrets(db))[0]?.totp_secret).toBe(SECRET);
      expect(await db.migrate({ secretKey: key })).toContain('0016-sealed-totp-sms-factor');
      expect(openTotpSecret({ key, userId: 'usr1', sealed: (await storedSecrets(db))[0]?.totp_secret ?? '' })).toBe(SECRET);
    } finally {
      await db.close();
    }
  });
}

describe('TOTP secrets sealed at rest', () => {
  defineMigrationTests('SQLite', (name) => createDatabase({ sqliteFile: join(dir, `${name}.sqlite`) }));
  describe.skipIf(!pg)('PostgreSQL', () => {
    defineMigrationTests('PostgreSQL', async () => {
      const db = await createDatabase({ url: pg?.url ?? '' });
      // One database for both tests: start each from an empty schema.
      await sql.raw(`drop schema public cascade; create schema public`).execute(db.kysely);
      return db;
    });
  });

  it('after enrolment over the API, the SQLite file and its WAL hold no TOTP secret in clear; codes still work', async () => {
    const dataDir = join(dir, 'runtime');
    const clock = createManualClock(new Date());
    const runtime = await createRuntime(loadConfig({ env: { DATA_DIR: dataDir, PORT: '0', PUBLIC_URL: 'https://sealpost.example' }, cwd: dataDir }), {
      logger: pino({ level: 'silent' }), version: 'test', clock, manualJobs: true,
    });
    try {
      const accounts = { repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: 'https://sealpost.example' };
      const { invitationUrl } = await createOrganisation(accounts, { name: 'Praxis', domains: ['a.example'], adminEmail: 'anna@a.example' }, null);
      const token = invitationUrl.slice(invitationUrl.lastIndexOf('/') + 1);
      const accepted = await runtime.app.inject({ method: 'POST', url: '/api/invitations/accept', payload: { token, password: 'correct horse battery staple 42' } });
      const headers = { cookie: String(accepted.headers['set-cookie']).split(';')[0] ?? '', 'x-sealpost-csrf': accepted.json<{ csrfToken: string }>().csrfToken, 'sec-fetch-site': 'same-origin' };
      const { secret } = (await runtime.app.inject({ method: 'POST', url: '/api/account/totp/setup', headers })).json<{ secret: string }>();
      const confirmed = await runtime.app.inject({ method: 'POST', url: '/api/account/totp/confirm', headers, payload: { code: totpCode(secret, clock.now()) } });
      expect(confirmed.statusCode).toBe(200);
      clock.advance(30_000);
      const signedIn = await runtime.app.inject({ method: 'POST', url: '/api/account/sign-in', payload: { email: 'anna@a.example', password: 'correct horse battery staple 42', totp: totpCode(secret, clock.now()) } });
      expect(signedIn.statusCode).toBe(200);
      const files = readdirSync(dataDir).filter((f) => f.startsWith('sealpost.sqlite'));
      expect(files).toContain('sealpost.sqlite-wal');
      // The search sees the data: the address is in there in clear.
      expect(files.some((file) => readFileSync(join(dataDir, file)).includes(Buffer.from('anna@a.example')))).toBe(true);
      for (const file of files) {
        const bytes = readFileSync(join(dataDir, file));
        expect(bytes.includes(Buffer.from(secret)), file).toBe(false);
        expect(bytes.includes(Buffer.from(secret.toLowerCase())), file).toBe(false);
      }
    } finally {
      await runtime.stop();
    }
  });
});
