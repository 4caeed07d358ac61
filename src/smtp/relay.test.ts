import { describe, expect, it } from 'vitest';
import { safeErrorMessage } from '../jobs/safe-error.ts';
import { RelayError } from './relay.ts';

describe('relay errors in the log', () => {
  it('show our message and the reply code, never the next hop text', () => {
    const error = new RelayError('the next hop did not take the mail', 554, new Error('554 <bob@example.net>: rejected'));
    expect(safeErrorMessage(error)).toBe('EGATEWAYRELAY 554: the next hop did not take the mail');
  });
});
