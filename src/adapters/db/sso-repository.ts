import type { SsoRepository } from '../../core/ports/sso.ts';
import type { EmailClaim, SsoConfigRecord, SsoIdentity } from '../../core/sso/model.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime, type OrgSsoTable, type SsoIdentitiesTable } from './schema.ts';

function toConfig(row: OrgSsoTable): SsoConfigRecord {
  return {
    orgId: row.orgId,
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecretSealed: row.clientSecretSealed,
    scopes: row.scopes,
    emailClaim: row.emailClaim as EmailClaim,
    mfaAcrValues: JSON.parse(row.mfaAcrValues) as string[],
    acceptWithoutMfa: Boolean(Number(row.acceptWithoutMfa)),
    enabled: Boolean(Number(row.enabled)),
    updatedAt: fromDbTime(row.updatedAt),
  };
}

function toIdentity(row: SsoIdentitiesTable): SsoIdentity {
  return { ...row, createdAt: fromDbTime(row.createdAt) };
}

/** Single sign-on: per-organisation provider configuration, subject bindings and single-use flows (migration 0017). */
export function createSsoRepository(ctx: RepositoryContext): SsoRepository {
  const { db } = ctx;
  return {
    async getConfig(orgId) {
      const row = await db.selectFrom('orgSso').selectAll().where('orgId', '=', orgId).executeTakeFirst();
      return row && toConfig(row);
    },
    async putConfig(c) {
      const row = {
        issuer: c.issuer,
        clientId: c.clientId,
        clientSecretSealed: c.clientSecretSealed,
        scopes: c.scopes,
        emailClaim: c.emailClaim,
        mfaAcrValues: JSON.stringify(c.mfaAcrValues),
        acceptWithoutMfa: c.acceptWithoutMfa ? 1 : 0,
        enabled: c.enabled ? 1 : 0,
        updatedAt: toDbTime(c.updatedAt),
      };
      await db.insertInto('orgSso').values({ orgId: c.orgId, ...row }).onConflict((oc) => oc.column('orgId').doUpdateSet(row)).execute();
    },
    async deleteConfig(orgId) {
      const result = await db.deleteFrom('orgSso').where('orgId', '=', orgId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async identityOfUser(userId) {
      const row = await db.selectFrom('ssoIdentities').selectAll().where('userId', '=', userId).executeTakeFirst();
      return row && toIdentity(row);
    },
    async identityOfSubject(issuer, subject) {
      const row = await db.selectFrom('ssoIdentities').selectAll().where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
      return row && toIdentity(row);
    },
    async bind(identity) {
      // ON CONFLICT DO NOTHING, not a caught error: a failed statement would abort a PostgreSQL transaction.
      // The stored row tells whether this insert won (row counts of a skipped insert differ between drivers).
      await db.insertInto('ssoIdentities').values({ ...identity, createdAt: toDbTime(identity.createdAt) }).onConflict((oc) => oc.doNothing()).execute();
      const row = await db.selectFrom('ssoIdentities').selectAll().where('userId', '=', identity.userId).executeTakeFirst();
      return row?.issuer === identity.issuer && row.subject === identity.subject;
    },
    async createFlow(flow) {
      await db.insertInto('ssoFlows').values({ ...flow, createdAt: toDbTime(flow.createdAt), expiresAt: toDbTime(flow.expiresAt) }).execute();
    },
    async consumeFlow(stateHash, now) {
      const row = await db.selectFrom('ssoFlows').selectAll().where('stateHash', '=', stateHash).executeTakeFirst();
      if (!row) return undefined;
      // The conditional delete is the claim: of two concurrent callbacks with the same state, one deletes the row.
      const deleted = await db.deleteFrom('ssoFlows').where('stateHash', '=', stateHash).executeTakeFirst();
      if (Number(deleted.numDeletedRows) !== 1 || fromDbTime(row.expiresAt) <= now) return undefined;
      return { ...row, createdAt: fromDbTime(row.createdAt), expiresAt: fromDbTime(row.expiresAt) };
    },
    async deleteExpiredFlows(now) {
      const result = await db.deleteFrom('ssoFlows').where('expiresAt', '<=', toDbTime(now)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
