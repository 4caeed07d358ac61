import type { Kysely } from 'kysely';

/** What a data migration may need beyond the database: the server's SECRET_KEY (never stored in the database). */
export interface MigrationContext {
  secretKey?: Uint8Array;
}

/** A migration; `context` is passed by Database.migrate() (Kysely's own provider passes none). */
export interface SealpostMigration {
  up(db: Kysely<unknown>, context?: MigrationContext): Promise<void>;
}
