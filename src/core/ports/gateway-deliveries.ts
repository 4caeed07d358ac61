import type { DeliveryFormat } from '../gateway/model.ts';

/**
 * What the mail gateway has delivered, by mail fingerprint (a keyed digest of envelope and content, see
 * src/smtp/fingerprint.ts) and recipient, so that a mail Postfix sends again (after a timeout, or a 451 for a later
 * recipient) is not delivered twice. `WHOLE_MAIL` stands for every recipient of a mail relayed or handled at once.
 */
export const WHOLE_MAIL = '*';

/** 'relay': passed on unchanged; 'handled': the handler delivered every recipient; else one recipient's format. */
export type GatewayDeliveryOutcome = DeliveryFormat | 'relay' | 'handled';

export interface GatewayDeliveryRepository {
  /** Whether `recipient` (or `WHOLE_MAIL`) of the mail with this fingerprint is recorded as delivered. */
  isDone(fingerprint: string, recipient: string): Promise<boolean>;
  /** Records a delivery durably; recording the same pair again keeps the first row and does not fail. */
  markDone(fingerprint: string, recipient: string, outcome: GatewayDeliveryOutcome): Promise<void>;
  /** Deletes rows recorded before `before` (the prune job: 7 days); returns how many. */
  pruneBefore(before: Date): Promise<number>;
}
