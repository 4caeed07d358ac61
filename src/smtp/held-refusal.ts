import type { HoldCheck } from '../core/gateway/held.ts';
import { GatewayRefusal } from './handler.ts';

/**
 * The handler's answer when a mail cannot be held (canHold said no): a permanent refusal, so the sender's server
 * bounces it with the reason instead of retrying for days.
 */
export function heldRefusal(check: Exclude<HoldCheck, { ok: true }>): GatewayRefusal {
  return check.reason === 'sender-daily-limit'
    ? new GatewayRefusal(550, '5.7.1', 'Too many secure mails to unregistered recipients today; try again tomorrow')
    : new GatewayRefusal(550, '5.7.1', 'Too many secure mails are already waiting for this recipient to register');
}
