import { describe, expect, it } from 'vitest';
import { notificationState } from './notification-status.ts';

describe('notification state from the outbox', () => {
  it('classifies what the outbox gave up on into a reason a sender can act on', () => {
    expect(notificationState({ status: 'failed', lastError: 'SP_ERR_VALIDATION: The request is invalid' })).toEqual({ status: 'failed', reason: 'invalid' });
    expect(notificationState({ status: 'failed', lastError: 'SP_ERR_DECRYPT: The content could not be decrypted' })).toEqual({ status: 'failed', reason: 'invalid' });
    expect(notificationState({ status: 'failed', lastError: 'SP_ERR_MAIL_INVALID: The e-mail address is invalid' })).toEqual({ status: 'failed', reason: 'address' });
    expect(notificationState({ status: 'failed', lastError: 'SP_ERR_DELIVERY: Delivery failed; it will be retried' })).toEqual({ status: 'failed', reason: 'rejected' });
    expect(notificationState({ status: 'failed', lastError: null })).toEqual({ status: 'failed', reason: 'rejected' });
  });

  it('queued and sending are "queued"; sent is "sent"; no outbox item is null', () => {
    expect(notificationState({ status: 'queued', lastError: 'SP_ERR_DELIVERY: x' })).toEqual({ status: 'queued' });
    expect(notificationState({ status: 'sending', lastError: null })).toEqual({ status: 'queued' });
    expect(notificationState({ status: 'sent', lastError: null })).toEqual({ status: 'sent' });
    expect(notificationState(undefined)).toBeNull();
    expect(notificationState(undefined, new Date())).toEqual({ status: 'sent' });
  });
});
