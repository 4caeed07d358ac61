import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock/system-clock.ts';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { encryptionKeysFor } from '../../src/core/directory/recipient-keys.ts';
import { makeCertificate, makePgpKey } from '../support/key-material.ts';
import { runCliInProcess } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-dirkeys-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATA_DIR: join(dir, 'data'), PUBLIC_URL: 'https://mail.example.org' };
const cli = (args: string[]) => runCliInProcess(args, { env, cwd: dir });

describe('sealpost directory import', () => {
  it('imports PEM and armored keys for the organisation named by domain, prints the report, exits 1 when nothing was imported', async () => {
    expect((await cli(['admin', 'create-org', '--name', 'Cli Keys', '--domain', 'cli-keys.example', '--admin', 'boss@cli-keys.example'])).code).toBe(0);
    const cert = makeCertificate({ sanEmails: ['ann@client.example'] });
    const key = makePgpKey({ userIds: ['<pia@client.example>'] });
    const expired = makeCertificate({ sanEmails: ['old@client.example'], startDate: '20200101000000Z', endDate: '20210101000000Z' });
    writeFileSync(join(dir, 'keys.pem'), `${cert.pem}${cert.keyPem}${key.publicArmored}${expired.pem}`);
    const run = await cli(['directory', 'import', 'keys.pem', '--org', 'cli-keys.example']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^imported {2}item 1 {2}smime {2}[0-9a-f]{16} {2}ann@client\.example {2}until \d{4}-\d\d-\d\d {2}\(created\)$/mu);
    expect(run.stdout).toContain(`imported  item 3  pgp  ${key.fingerprint.slice(0, 16)}  pia@client.example`);
    expect(run.stdout).toMatch(/^skipped {3}item 2 {2}- {2}- {2}private_key$/mu);
    expect(run.stdout).toMatch(/^skipped {3}item 4 {2}smime {2}[0-9a-f]{16} {2}expired$/mu);
    expect(run.stdout).toContain('2 imported, 2 skipped');
    expect(run.stderr).toContain('WARNING: the file holds 1 PRIVATE KEY block(s)');
    expect(run.stdout + run.stderr).not.toContain(cert.keyPem.split('\n')[1]!);

    // A lone DER certificate (.cer) is read too; the same again is "unchanged".
    writeFileSync(join(dir, 'ann.cer'), cert.der);
    const der = await cli(['directory', 'import', 'ann.cer', '--org', 'cli-keys.example', '--json']);
    expect(der.code).toBe(0);
    expect(JSON.parse(der.stdout)).toMatchObject({ imported: [{ email: 'ann@client.example', result: 'unchanged' }], skipped: [] });

    writeFileSync(join(dir, 'bad.pem'), expired.pem);
    const nothing = await cli(['directory', 'import', 'bad.pem', '--org', 'cli-keys.example']);
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toContain('0 imported, 1 skipped');

    const db = await createDatabase({ sqliteFile: join(dir, 'data', 'sealpost.sqlite') });
    try {
      const repos = createRepositories(db, { clock: systemClock });
      const org = (await repos.organisations.list())[0]!;
      const keys = await encryptionKeysFor({ repos, clock: systemClock }, org.id, 'ann@client.example');
      expect(keys.smime.map((d) => Buffer.from(d).equals(Buffer.from(cert.der)))).toEqual([true]);
      const audit = await db.kysely.selectFrom('auditLog').select('body').where('action', '=', 'directory.keys_imported').orderBy('seq').execute();
      const bodies = audit.map((a) => JSON.parse(a.body) as { actor: string; details: { created: number; privateKeysRefused: number } });
      expect(bodies.map((b) => [b.actor, b.details.created, b.details.privateKeysRefused])).toEqual([['operator:cli', 2, 1], ['operator:cli', 0, 0], ['operator:cli', 0, 0]]);
      expect(audit.map((a) => a.body).join('')).not.toMatch(/PRIVATE|BEGIN/);
    } finally {
      await db.close();
    }
  });

  it('refuses a missing file, an unknown organisation and missing options', async () => {
    expect((await cli(['directory', 'import'])).code).toBe(2);
    expect((await cli(['directory', 'import', 'keys.pem'])).stderr).toContain('--org ID|DOMAIN is required');
    const unknown = await cli(['directory', 'import', 'keys.pem', '--org', 'nowhere.example']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('nowhere.example');
    expect((await cli(['directory', 'import', 'missing.pem', '--org', 'cli-keys.example'])).code).not.toBe(0);
    expect((await cli(['directory', 'frobnicate'])).code).toBe(2);
  });
});
