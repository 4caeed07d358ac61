import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock/system-clock.ts';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { runCliInProcess } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-orgs-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATA_DIR: join(dir, 'data'), PUBLIC_URL: 'https://mail.example.org' };

const cli = (args: string[]) => runCliInProcess(args, { env, cwd: dir });

describe('sealpost admin create-org / list-orgs', () => {
  it('creates an organisation, prints a single-use invitation link, stores only its hash, and lists usage', async () => {
    const created = await cli(['admin', 'create-org', '--name', 'Praxis Dr. Jansen', '--domain', 'Jansen.example,praxis-jansen.example', '--admin', 'Anna@jansen.example']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const link = /https:\/\/mail\.example\.org\/#\/invitation\/([A-Za-z0-9_-]{43})/.exec(created.stdout);
    expect(link).not.toBeNull();
    expect(created.stdout).toContain('domains jansen.example, praxis-jansen.example');

    const db = await createDatabase({ sqliteFile: join(dir, 'data', 'sealpost.sqlite') });
    try {
      const invitations = await db.kysely.selectFrom('invitations').selectAll().execute();
      expect(invitations).toHaveLength(1);
      expect(invitations[0]?.tokenHash).not.toBe(link?.[1]);
      const users = await db.kysely.selectFrom('users').selectAll().execute();
      expect(users.map((u) => [u.email, u.role, u.passwordHash])).toEqual([['anna@jansen.example', 'admin', null]]);
      // The command wrote its entries unchained; a server's sealer would chain them: seal here instead.
      await createRepositories(db, { clock: systemClock }).audit.sealPending();
      const audit = await db.kysely.selectFrom('auditLog').select(['orgId', 'action']).orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['org.created', 'account.invited']);
      expect(audit.every((a) => a.orgId === users[0]?.orgId)).toBe(true);
    } finally {
      await db.close();
    }

    const listed = await cli(['admin', 'list-orgs', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: 'Praxis Dr. Jansen', users: 1, transfers: 0, bytes: 0 })]);
    const table = await cli(['admin', 'list-orgs']);
    expect(table.stdout).toMatch(/Praxis Dr\. Jansen\tjansen\.example,praxis-jansen\.example\t1\t0\t0/);
  });

  it('refuses an admin outside the domains, bad domains and missing options', async () => {
    const outside = await cli(['admin', 'create-org', '--name', 'X', '--domain', 'x.example', '--admin', 'boss@gmail.example']);
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).toMatch(/domain/);
    const bad = await cli(['admin', 'create-org', '--name', 'X', '--domain', 'not a domain', '--admin', 'a@x.example']);
    expect(bad.code).not.toBe(0);
    const missing = await cli(['admin', 'create-org', '--name', 'X']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('usage: sealpost admin create-org');
    // Nothing half-created: still one organisation.
    expect(JSON.parse((await cli(['admin', 'list-orgs', '--json'])).stdout)).toHaveLength(1);
  });
});
