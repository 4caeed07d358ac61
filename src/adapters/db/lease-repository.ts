import type { LeaseRenewal, LeaseRepository } from '../../core/ports/leases.ts';
import { SealpostError } from '../../core/errors.ts';
import type { RepositoryContext } from './repository-context.ts';
import { toDbTime } from './schema.ts';

function check(name: string, holder: string, ttlMs?: number): void {
  const bad = name.length === 0 || name.length > 300 || holder.length === 0 || holder.length > 300;
  if (bad || (ttlMs !== undefined && !(Number.isInteger(ttlMs) && ttlMs > 0))) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'A lease needs a name, a holder and a positive duration' });
  }
}

/** Leases on either engine; every operation is one conditional statement (no read-then-write). */
export function createLeaseRepository(ctx: RepositoryContext): LeaseRepository {
  const { db } = ctx;
  const at = (offsetMs = 0): string => toDbTime(new Date(ctx.clock.now().getTime() + offsetMs));

  return {
    async acquire(name, holder, ttlMs) {
      check(name, holder, ttlMs);
      const now = at();
      const expiresAt = at(ttlMs);
      // Insert, or take over a row whose time is up (or that is ours already). A row held by someone
      // else is left alone and RETURNING yields nothing, on SQLite and PostgreSQL alike.
      const row = await db
        .insertInto('leases')
        .values({ name, holder, expiresAt, releaseRequestedAt: null })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ holder, expiresAt, releaseRequestedAt: null })
            .where((eb) => eb.or([eb('leases.expiresAt', '<=', now), eb('leases.holder', '=', holder)])),
        )
        .returning('holder')
        .executeTakeFirst();
      return row !== undefined;
    },

    async renew(name, holder, ttlMs): Promise<LeaseRenewal> {
      check(name, holder, ttlMs);
      const row = await db
        .updateTable('leases')
        .set({ expiresAt: at(ttlMs) })
        .where('name', '=', name)
        .where('holder', '=', holder)
        .returning('releaseRequestedAt')
        .executeTakeFirst();
      if (!row) return 'lost';
      return row.releaseRequestedAt === null ? 'held' : 'release-requested';
    },

    async requestRelease(name, requester) {
      check(name, requester);
      await db
        .updateTable('leases')
        .set({ releaseRequestedAt: at() })
        .where('name', '=', name)
        .where('holder', '<>', requester)
        .where('releaseRequestedAt', 'is', null)
        .execute();
    },

    async release(name, holder) {
      check(name, holder);
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
  };
}
