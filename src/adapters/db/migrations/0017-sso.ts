import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Single sign-on through an organisation's own OpenID Connect provider (docs/accounts.md, "Single sign-on"):
 * one configuration per organisation (its client secret only sealed under SECRET_KEY), the binding of a user to
 * the provider's subject (`iss` + `sub`, unique), and the short-lived, single-use sign-in flows (state stored
 * only as a keyed digest).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('org_sso')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    /** The client secret sealed under SECRET_KEY (bound to the organisation); never in clear. */
    .addColumn('client_secret_sealed', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    /** Which ID-token claim carries the address: 'email' or 'preferred_username' (Entra ID). */
    .addColumn('email_claim', 'text', (c) => c.notNull().check(sql`email_claim in ('email', 'preferred_username')`))
    /** JSON array of `acr` values that count as multi-factor (besides `amr` containing "mfa"). */
    .addColumn('mfa_acr_values', 'text', (c) => c.notNull())
    /** 1 only when the operator explicitly accepted a provider that cannot assert a second factor. */
    .addColumn('accept_without_mfa', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sso_identities')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sso_identities_issuer_subject_unique', ['issuer', 'subject'])
    .execute();

  await db.schema
    .createTable('sso_flows')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_flows_expires_idx').on('sso_flows').column('expires_at').execute();
}
