import { sql } from 'kysely';
import { defaultOrgSettings, type Organisation, type OrgSettings, type Role, type UserRecord } from '../../core/accounts/model.ts';
import type { InvitationRepository, OrganisationRepository, RecoveryCodeRepository, UserRepository } from '../../core/ports/accounts.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime, type OrganisationsTable, type UsersTable } from './schema.ts';

function toOrganisation(row: OrganisationsTable): Organisation {
  return { id: row.id, name: row.name, domains: JSON.parse(row.domains) as string[], settings: { ...defaultOrgSettings, ...(JSON.parse(row.settings) as Partial<OrgSettings>) }, createdAt: fromDbTime(row.createdAt) };
}

export function createOrganisationRepository(ctx: RepositoryContext): OrganisationRepository {
  const { db } = ctx;
  return {
    async create(org) {
      await db
        .insertInto('organisations')
        .values({ id: org.id, name: org.name, domains: JSON.stringify(org.domains), settings: JSON.stringify(org.settings), createdAt: toDbTime(org.createdAt) })
        .execute();
    },
    async get(id, lock) {
      const query = db.selectFrom('organisations').selectAll().where('id', '=', id);
      const row = await (lock === 'forUpdate' && ctx.engine === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
      return row && toOrganisation(row);
    },
    async list() {
      return (await db.selectFrom('organisations').selectAll().orderBy('createdAt').orderBy('id').execute()).map(toOrganisation);
    },
    async count() {
      const row = await db.selectFrom('organisations').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async usage() {
      const { rows } = await sql<{ orgId: string; users: number | string; transfers: number | string; bytes: number | string | null }>`
        select o.id as org_id,
          (select count(*) from users u where u.org_id = o.id) as users,
          (select count(*) from transfers t where t.org_id = o.id) as transfers,
          (select coalesce(sum(f.size), 0) from transfer_files f join transfers t on t.id = f.transfer_id
             where t.org_id = o.id and f.deleted_at is null) as bytes
        from organisations o order by o.created_at, o.id`.execute(db);
      return rows.map((r) => ({ orgId: r.orgId, users: Number(r.users), transfers: Number(r.transfers), bytes: Number(r.bytes ?? 0) }));
    },
    async updateSettings(id, settings) {
      await db.updateTable('organisations').set({ settings: JSON.stringify(settings) }).where('id', '=', id).execute();
    },
    async findByDomains(domains) {
      // Domains are stored as a JSON array of validated names ([a-z0-9.-], no LIKE wildcards): a quoted match finds
      // the candidates on both engines, the exact comparison below decides.
      const names = domains.filter((d) => /^[a-z0-9.-]{1,253}$/.test(d));
      if (names.length === 0) return [];
      const rows = await db
        .selectFrom('organisations')
        .selectAll()
        .where((eb) => eb.or(names.map((d) => eb('domains', 'like', `%"${d}"%`))))
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(toOrganisation).filter((org) => org.domains.some((d) => names.includes(d)));
    },
    async update(id, change) {
      await db
        .updateTable('organisations')
        .set({ name: change.name, domains: JSON.stringify(change.domains), settings: JSON.stringify(change.settings) })
        .where('id', '=', id)
        .execute();
    },
  };
}

function toUser(row: UsersTable): UserRecord {
  return {
    id: row.id,
    orgId: row.orgId,
    email: row.email,
    role: row.role as Role,
    disabled: Boolean(Number(row.disabled)),
    passwordHash: row.passwordHash,
    totpSecret: row.totpSecret,
    totpEnrolledAt: fromDbTime(row.totpEnrolledAt),
    totpLastStep: row.totpLastStep === null ? null : Number(row.totpLastStep),
    smsPhone: row.smsPhone,
    smsEnrolledAt: fromDbTime(row.smsEnrolledAt),
    smsPendingPhone: row.smsPendingPhone,
    totpPendingSecret: row.totpPendingSecret,
    failedSignIns: Number(row.failedSignIns),
    lockedAt: fromDbTime(row.lockedAt),
    keyWrappedByPassword: row.keyWrappedByPassword,
    keyWrappedByRecovery: row.keyWrappedByRecovery,
    publicKey: row.publicKey,
    createdAt: fromDbTime(row.createdAt),
    lastSignInAt: fromDbTime(row.lastSignInAt),
  };
}

type UserChange = Parameters<UserRepository['update']>[2];

function toUserRow(change: UserChange): Partial<UsersTable> {
  const row: Partial<UsersTable> = {};
  for (const [key, value] of Object.entries(change) as Array<[keyof UserChange, unknown]>) {
    if (value === undefined) continue;
    if (key === 'disabled') row.disabled = value ? 1 : 0;
    else if (value instanceof Date) (row as Record<string, unknown>)[key] = toDbTime(value);
    else (row as Record<string, unknown>)[key] = value;
  }
  return row;
}

export function createUserRepository(ctx: RepositoryContext): UserRepository {
  const { db } = ctx;
  return {
    async create(user) {
      await db
        .insertInto('users')
        .values({
          id: user.id,
          orgId: user.orgId,
          email: user.email,
          createdAt: toDbTime(user.createdAt),
          failedSignIns: 0,
          ...toUserRow({ ...user }),
          role: user.role,
          disabled: user.disabled ? 1 : 0,
        })
        .execute();
    },
    async get(orgId, id) {
      const row = await db.selectFrom('users').selectAll().where('orgId', '=', orgId).where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },
    async findByEmail(email) {
      return (await db.selectFrom('users').selectAll().where('email', '=', email).orderBy('createdAt').execute()).map(toUser);
    },
    async list(orgId) {
      return (await db.selectFrom('users').selectAll().where('orgId', '=', orgId).orderBy('email').execute()).map(toUser);
    },
    async update(orgId, id, change) {
      const row = toUserRow(change);
      if (Object.keys(row).length === 0) return true;
      const result = await db.updateTable('users').set(row).where('orgId', '=', orgId).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async recordFailure(id) {
      const row = await db
        .updateTable('users')
        .set((eb) => ({ failedSignIns: eb('failedSignIns', '+', 1) }))
        .where('id', '=', id)
        .returning('failedSignIns')
        .executeTakeFirst();
      return Number(row?.failedSignIns ?? 0);
    },
    async acceptTotpStep(id, step) {
      const result = await db
        .updateTable('users')
        .set({ totpLastStep: step })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async resetFailures(id) {
      await db.updateTable('users').set({ failedSignIns: 0 }).where('id', '=', id).execute();
    },
  };
}

export function createInvitationRepository(ctx: RepositoryContext): InvitationRepository {
  const { db } = ctx;
  return {
    async create(inv) {
      await db
        .insertInto('invitations')
        .values({ tokenHash: inv.tokenHash, orgId: inv.orgId, userId: inv.userId, createdAt: toDbTime(inv.createdAt), expiresAt: toDbTime(inv.expiresAt), usedAt: null })
        .execute();
    },
    async find(tokenHash, now) {
      const row = await db
        .selectFrom('invitations')
        .selectAll()
        .where('tokenHash', '=', tokenHash)
        .where('usedAt', 'is', null)
        .where('expiresAt', '>', toDbTime(now))
        .executeTakeFirst();
      return row && { ...row, createdAt: fromDbTime(row.createdAt), expiresAt: fromDbTime(row.expiresAt), usedAt: fromDbTime(row.usedAt) };
    },
    async markUsed(tokenHash, now) {
      const result = await db
        .updateTable('invitations')
        .set({ usedAt: toDbTime(now) })
        .where('tokenHash', '=', tokenHash)
        .where('usedAt', 'is', null)
        .where('expiresAt', '>', toDbTime(now))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async deleteSpent(now) {
      const result = await db.deleteFrom('invitations').where((eb) => eb.or([eb('usedAt', 'is not', null), eb('expiresAt', '<=', toDbTime(now))])).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export function createRecoveryCodeRepository(ctx: RepositoryContext): RecoveryCodeRepository {
  const { db } = ctx;
  return {
    async replace(userId, codeHashes) {
      await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
      if (codeHashes.length > 0) await db.insertInto('recoveryCodes').values(codeHashes.map((codeHash) => ({ userId, codeHash, usedAt: null }))).execute();
    },
    async use(userId, codeHash, now) {
      const result = await db
        .updateTable('recoveryCodes')
        .set({ usedAt: toDbTime(now) })
        .where('userId', '=', userId)
        .where('codeHash', '=', codeHash)
        .where('usedAt', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async remaining(userId) {
      const row = await db
        .selectFrom('recoveryCodes')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('userId', '=', userId)
        .where('usedAt', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
