/**
 * `sealpost admin create-org` and `sealpost admin list-orgs`: the operator's organisation tasks. Like
 * `sealpost audit export`, they open the server's database directly (same settings as `sealpost serve`).
 */
import { systemClock } from '../../adapters/clock/system-clock.ts';
import { createDatabase } from '../../adapters/db/database.ts';
import { createRepositories } from '../../adapters/db/repositories.ts';
import { loadConfig } from '../../config/load-config.ts';
import { resolveSecretKey } from '../../config/secret-key.ts';
import { defaultAccountPolicy, type AccountContext } from '../../core/accounts/context.ts';
import type { KeyRecoveryChoice } from '../../core/accounts/key-recovery.ts';
import { createOrganisation, listOrganisations } from '../../core/accounts/organisations.ts';
import { terminalText } from '../../core/text/terminal.ts';
import type { CliIo } from '../cli-io.ts';
import { createServerSecrets } from '../serve/server-keys.ts';
import { parseCommandArgs, UsageError } from '../client/command-args.ts';

export const createOrgUsage = `usage: sealpost admin create-org --name NAME --domain DOMAIN[,DOMAIN] --admin EMAIL
                                [--key-recovery loss | --recovery-public-key age1…]
       sealpost admin list-orgs [--json]

  --key-recovery loss           a user who loses every factor loses their old messages (no recovery key)
  --recovery-public-key age1…   keep escrows to this organisation recovery key (age-keygen's public key; the
                                secret key stays offline with the admin); implies --key-recovery org-key
  Without either, the organisation's admin chooses in the console.`;

/** Opens the server's database and SECRET_KEY as `sealpost serve` would, for one operator task. */
export async function withAccounts<T>(io: CliIo, fn: (ctx: AccountContext, secretKey: Uint8Array) => Promise<T>): Promise<T> {
  const config = loadConfig({ env: io.env, cwd: io.cwd });
  const secretKey = resolveSecretKey({ dataDir: config.dataDir, ...(config.secretKey ? { secretKey: config.secretKey } : {}) });
  const db = await createDatabase({ ...(config.database.url ? { url: config.database.url } : { sqliteFile: config.database.sqliteFile }), poolSize: 1 });
  try {
    await db.migrate({ secretKey: secretKey.key });
    const repos = createRepositories(db, { clock: systemClock });
    const result = await fn({
      repos,
      clock: systemClock,
      secrets: createServerSecrets(secretKey.key),
      policy: { ...defaultAccountPolicy, lockoutThreshold: config.accounts.lockoutThreshold },
      publicUrl: config.http.publicUrl,
    }, secretKey.key);
    // What the command audited is chained now, not when a server next runs its sealer (there may be none running).
    await repos.audit.sealPending();
    return result;
  } finally {
    await db.close();
  }
}

/** The operator's key-recovery choice from the options; undefined leaves it to the organisation's admin. */
function keyRecoveryOption(policy: string | undefined, recoveryPublicKey: string | undefined): KeyRecoveryChoice | undefined {
  if (policy !== undefined && policy !== 'loss' && policy !== 'org-key') throw new UsageError('--key-recovery is loss or org-key');
  if (policy === 'loss' && recoveryPublicKey !== undefined) throw new UsageError('--key-recovery loss keeps no recovery key: leave out --recovery-public-key');
  if (recoveryPublicKey !== undefined) return { policy: 'org-key', recoveryPublicKey };
  if (policy === 'org-key') throw new UsageError('--key-recovery org-key needs --recovery-public-key age1… (age-keygen -y KEYFILE prints it)');
  return policy === 'loss' ? { policy: 'loss' } : undefined;
}

function describeKeyRecovery(choice: KeyRecoveryChoice | undefined): string {
  if (!choice) return 'key recovery: not chosen yet (the admin chooses in the console)';
  return choice.policy === 'loss' ? 'key recovery: loss (no recovery key)' : `key recovery: organisation recovery key ${choice.recoveryPublicKey.trim()}`;
}

export async function createOrgTask(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { name: { type: 'string' }, domain: { type: 'string' }, admin: { type: 'string' }, 'key-recovery': { type: 'string' }, 'recovery-public-key': { type: 'string' } });
  if (!values.name || !values.domain || !values.admin) throw new UsageError('--name, --domain and --admin are required');
  const { name, domain, admin } = values;
  const keyRecovery = keyRecoveryOption(values['key-recovery'], values['recovery-public-key']);
  const created = await withAccounts(io, (ctx) => createOrganisation(ctx, { name, domains: domain.split(','), adminEmail: admin, keyRecovery }, null, 'operator:cli'));
  io.stdout.write(
    `created organisation ${terminalText(created.org.name)} (id ${created.org.id}), domains ${created.org.domains.join(', ')}\n` +
      `${describeKeyRecovery(keyRecovery)}\n` +
      `invitation for ${terminalText(admin.toLowerCase())} (single use, until ${created.invitationExpiresAt.toISOString()}):\n${created.invitationUrl}\n`,
  );
  return 0;
}

export async function listOrgsTask(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
  const orgs = await withAccounts(io, (ctx) => listOrganisations(ctx));
  if (values.json) {
    io.stdout.write(`${JSON.stringify(orgs.map((o) => ({ id: o.id, name: o.name, domains: o.domains, createdAt: o.createdAt.toISOString(), ...o.usage, orgId: undefined })))}\n`);
    return 0;
  }
  if (orgs.length === 0) {
    io.stdout.write('no organisations yet (sealpost admin create-org)\n');
    return 0;
  }
  io.stdout.write('ID\tNAME\tDOMAINS\tUSERS\tTRANSFERS\tBYTES\n');
  for (const o of orgs) io.stdout.write(`${o.id}\t${terminalText(o.name)}\t${o.domains.join(',')}\t${o.usage.users}\t${o.usage.transfers}\t${o.usage.bytes}\n`);
  return 0;
}
