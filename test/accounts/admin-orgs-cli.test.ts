import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/adapters/clock/system-clock.ts';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { generateAgeKeyPair } from '../../src/crypto/index.ts';
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
    expect(created.stdout).toContain('key recovery: not chosen yet');

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

  it('records the key-recovery choice at set-up: loss, or a recovery key (an age X25519 recipient), audited', async () => {
    const recovery = await generateAgeKeyPair({ postQuantum: false });
    const base = (name: string, domain: string) => ['admin', 'create-org', '--name', name, '--domain', domain, '--admin', `a@${domain}`];
    const loss = await cli([...base('Loss Org', 'loss.example'), '--key-recovery', 'loss']);
    expect(loss.stderr).toBe('');
    expect(loss.stdout).toContain('key recovery: loss');
    const keyed = await cli([...base('Key Org', 'key.example'), '--recovery-public-key', recovery.recipient]);
    expect(keyed.stderr).toBe('');
    expect(keyed.stdout).toContain(`key recovery: organisation recovery key ${recovery.recipient}`);
    expect((await cli([...base('Key Org 2', 'key2.example'), '--key-recovery', 'org-key', '--recovery-public-key', recovery.recipient])).code).toBe(0);

    // Refused before anything is written: a secret key, a post-quantum or broken recipient, contradictory options.
    const hybrid = (await generateAgeKeyPair({ postQuantum: true })).recipient;
    // One character changed breaks the Bech32 checksum (always detected); a different character, not a fixed one: a
    // recipient that already ended in it would stay valid (about 1 run in 1000: CI met one).
    const broken = `${recovery.recipient.slice(0, -1)}${recovery.recipient.endsWith('q') ? 'p' : 'q'}`;
    for (const key of [recovery.identity, hybrid, broken, 'age1nope']) {
      const refused = await cli([...base('Bad Key', 'bad.example'), '--recovery-public-key', key]);
      expect(refused.code, key).not.toBe(0);
      expect(refused.stderr, key).toMatch(/age X25519 recipient/);
      expect(refused.stderr).not.toContain('AGE-SECRET-KEY');
    }
    for (const args of [['--key-recovery', 'org-key'], ['--key-recovery', 'loss', '--recovery-public-key', recovery.recipient], ['--key-recovery', 'maybe']]) {
      const usage = await cli([...base('Bad Opt', 'badopt.example'), ...args]);
      expect(usage.code, args.join(' ')).toBe(2);
      expect(usage.stderr).toContain('--key-recovery');
    }
    const names = (JSON.parse((await cli(['admin', 'list-orgs', '--json'])).stdout) as Array<{ name: string }>).map((o) => o.name);
    expect(names).not.toContain('Bad Key');
    expect(names).not.toContain('Bad Opt');

    const db = await createDatabase({ sqliteFile: join(dir, 'data', 'sealpost.sqlite') });
    try {
      const rows = await db.kysely.selectFrom('organisations').select(['id', 'name', 'keyRecoveryPolicy', 'recoveryPublicKey', 'keyRecoveryChosenBy']).where('name', 'in', ['Loss Org', 'Key Org']).orderBy('name').execute();
      expect(rows.map((r) => [r.name, r.keyRecoveryPolicy, r.recoveryPublicKey, r.keyRecoveryChosenBy])).toEqual([['Key Org', 'org-key', recovery.recipient, 'operator:cli'], ['Loss Org', 'loss', null, 'operator:cli']]);
      const audit = await db.kysely.selectFrom('auditLog').select(['action']).where('orgId', '=', rows[0]?.id ?? '').orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['org.created', 'org.key_recovery_changed', 'account.invited']);
    } finally {
      await db.close();
    }
  });
});
