import { SealpostError } from '../../core/errors.ts';
import type { GatewayDeliveryRepository } from '../../core/ports/gateway-deliveries.ts';
import type { RepositoryContext } from './repository-context.ts';
import { toDbTime } from './schema.ts';

function check(fingerprint: string, recipient: string): void {
  if (fingerprint.length === 0 || fingerprint.length > 200 || recipient.length === 0 || recipient.length > 320) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: 'A gateway delivery needs a fingerprint and a recipient' });
  }
}

/** The gateway's idempotency record on either engine; marking is one insert that ignores a duplicate. */
export function createGatewayDeliveryRepository(ctx: RepositoryContext): GatewayDeliveryRepository {
  const { db } = ctx;
  return {
    async isDone(fingerprint, recipient) {
      check(fingerprint, recipient);
      const row = await db
        .selectFrom('gatewayDeliveries')
        .select('format')
        .where('fingerprint', '=', fingerprint)
        .where('recipient', '=', recipient)
        .executeTakeFirst();
      return row !== undefined;
    },

    async markDone(fingerprint, recipient, outcome) {
      check(fingerprint, recipient);
      await db
        .insertInto('gatewayDeliveries')
        .values({ fingerprint, recipient, format: outcome, createdAt: toDbTime(ctx.clock.now()) })
        .onConflict((oc) => oc.columns(['fingerprint', 'recipient']).doNothing())
        .execute();
    },

    async pruneBefore(before) {
      const result = await db.deleteFrom('gatewayDeliveries').where('createdAt', '<', toDbTime(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
