import { constantTimeEqual, randomBytes } from '../../crypto/index.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { ServerSecrets } from '../ports/server-secrets.ts';
import type { CodeChannel } from './model.ts';
import { newPublicId } from './ids.ts';
import { verificationLimits } from './policy.ts';

/** Uniform random decimal digits from the CSPRNG (rejection sampling: no modulo bias). */
export function randomDigits(count: number): string {
  let out = '';
  while (out.length < count) {
    for (const byte of randomBytes(count * 2)) {
      if (byte < 250 && out.length < count) out += String(byte % 10);
    }
  }
  return out;
}

/** Issues a fresh single-use code for a subject (recipient id or sender address); earlier codes become void. */
export async function issueCode(
  repos: Repositories,
  secrets: ServerSecrets,
  options: { subject: string; channel: CodeChannel; now: Date; ttlMs?: number },
): Promise<{ code: string; expiresAt: Date }> {
  const code = randomDigits(verificationLimits.codeDigits);
  const expiresAt = new Date(options.now.getTime() + (options.ttlMs ?? verificationLimits.codeTtlMs));
  await repos.codes.create({
    id: newPublicId(),
    subject: options.subject,
    channel: options.channel,
    codeHash: secrets.digest('code', `${options.subject}\n${code}`),
    createdAt: options.now,
    expiresAt,
    attempts: 0,
    usedAt: null,
  });
  return { code, expiresAt };
}

/**
 * Checks a code: every try counts against the code (5 tries, then it is void), the comparison is
 * constant-time, and a correct code is consumed atomically so it works exactly once.
 */
export async function consumeCode(
  repos: Repositories,
  secrets: ServerSecrets,
  options: { subject: string; code: string; now: Date },
): Promise<boolean> {
  const active = await repos.codes.findActive(options.subject, options.now);
  if (!active) return false;
  const attempts = await repos.codes.incrementAttempts(active.id);
  if (attempts > verificationLimits.attemptsPerCode) {
    await repos.codes.markUsed(active.id, options.now);
    return false;
  }
  const presented = secrets.digest('code', `${options.subject}\n${options.code}`);
  if (!constantTimeEqual(new TextEncoder().encode(presented), new TextEncoder().encode(active.codeHash))) {
    if (attempts === verificationLimits.attemptsPerCode) await repos.codes.markUsed(active.id, options.now);
    return false;
  }
  return repos.codes.markUsed(active.id, options.now);
}
