// Guessing in parallel gets no more comparisons than guessing one by one: every attempt is counted against the
// recipient's limit before its proof is compared, so 200 simultaneous wrong access-code verifiers compare exactly as many
// as the limit allows, then the recipient is locked and the sender told. And a right code still works alone.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../src/crypto/index.ts';
import { verificationLimits } from '../../src/core/transfers/policy.ts';
import { startApi, type ApiHarness } from './api-harness.ts';
import { sendFixture } from './transfer-fixture.ts';

describe('parallel guesses', () => {
  let api: ApiHarness;
  let sender: { token: string };

  beforeAll(async () => {
    api = await startApi({ ORG_DOMAINS: 'praxis-muster.de' });
    sender = await api.signIn('dr.muster@praxis-muster.de');
  });
  afterAll(() => api?.close());

  it('200 simultaneous wrong access codes compare no more proofs than the per-recipient limit', async () => {
    const sent = await sendFixture(api, sender, { recipients: ['x@example.org'], sizes: [1000], verify: false });
    const view = await api.call('GET', `/api/transfers/${sent.transferId}`, { token: sender.token });
    const rid = (view.json.recipients[0] as { id: string }).id;
    const results = await Promise.all(
      Array.from({ length: 200 }, () => api.call('POST', `/api/r/${rid}/verify`, { body: { verifier: toBase64Url(randomBytes(32)) } })),
    );
    const events = await api.runtime.repos.audit.listByTransfer(sent.transferId);
    const compared = events.filter((e) => e.action === 'recipient.verification_failed');
    expect(compared).toHaveLength(verificationLimits.failuresPerRecipient);
    expect(events.filter((e) => e.action === 'recipient.locked')).toHaveLength(1);
    expect(results.filter((r) => r.json?.error?.code === 'SP_ERR_VERIFICATION_FAILED')).toHaveLength(verificationLimits.failuresPerRecipient - 1);
    expect(results.every((r) => r.status !== 200)).toBe(true);
    expect((await api.runtime.repos.recipients.get(rid))?.lockedUntil).not.toBeNull();
  });
});
