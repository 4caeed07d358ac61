import { describe, expect, it } from 'vitest';
import { SealpostError } from '../core/errors.ts';
import { isPermanentDeliveryError, safeErrorMessage } from './safe-error.ts';

describe('safe delivery error messages', () => {
  it('keeps library codes and the SMTP reply, first line only', () => {
    const error = Object.assign(new Error('ignored'), { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 no such user\r\nmore' });
    expect(safeErrorMessage(error)).toBe('EENVELOPE 550: 550 5.1.1 no such user');
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNECTION' });
    expect(safeErrorMessage(refused)).toBe('ECONNECTION: connect ECONNREFUSED 127.0.0.1:25');
  });

  it('withholds messages of unknown origin, which may quote the payload', () => {
    let parseError: unknown;
    try {
      JSON.parse('{"link":"https://x.example/t/1#SECRETSECRETSECRET" oops');
    } catch (error) {
      parseError = error;
    }
    expect(safeErrorMessage(parseError)).toBe('SyntaxError (details withheld)');
    expect(safeErrorMessage('a string')).toBe('Unknown error');
  });

  it('removes link fragments that a library echoed', () => {
    const error = Object.assign(new Error('x'), { code: 'EMESSAGE', response: '554 rejected https://s.example/r/9#k3y-Material_0123456789' });
    expect(safeErrorMessage(error)).not.toContain('k3y');
  });

  it('uses the safe message of a SealpostError', () => {
    expect(safeErrorMessage(new SealpostError('SP_ERR_DECRYPT'))).toBe('SP_ERR_DECRYPT: The content could not be decrypted or was altered');
  });

  it('treats SMTP 5xx and invalid items as permanent, connection errors and 4xx as temporary', () => {
    expect(isPermanentDeliveryError(Object.assign(new Error(), { responseCode: 550 }))).toBe(true);
    expect(isPermanentDeliveryError(Object.assign(new Error(), { responseCode: 451 }))).toBe(false);
    expect(isPermanentDeliveryError(Object.assign(new Error(), { code: 'ECONNECTION' }))).toBe(false);
    expect(isPermanentDeliveryError(new SealpostError('SP_ERR_MAIL_INVALID'))).toBe(true);
    expect(isPermanentDeliveryError(new SealpostError('SP_ERR_UNAVAILABLE'))).toBe(false);
    // Transports say whether their failure can heal (an SMS API's 400 cannot, its 429 can).
    expect(isPermanentDeliveryError(new SealpostError('SP_ERR_DELIVERY', { details: { retryable: false } }))).toBe(true);
    expect(isPermanentDeliveryError(new SealpostError('SP_ERR_DELIVERY', { details: { retryable: true } }))).toBe(false);
    expect(isPermanentDeliveryError(new SealpostError('SP_ERR_INTERNAL', { details: { permanent: true } }))).toBe(true);
    expect(isPermanentDeliveryError(null)).toBe(false);
  });
});
