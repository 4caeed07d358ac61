/**
 * The installation's gateway key (docs/gateway/held-and-replies.md): an age X25519 identity made on first use and
 * stored only sealed under SECRET_KEY. Replies to messages that came through the gateway are wrapped to it as well as
 * to the sender's key, so the gateway can put them into the sender's mailbox. X25519 (not the PQ hybrid) so the
 * same tooling (Debian's age) opens what it wraps; the wraps are short-lived (until the reply is relayed or expires).
 */
import { generateAgeKeyPair } from '../../crypto/index.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { GatewayContext } from './context.ts';

const sealContext = 'gateway-key\ninstallation';

/** The public key, making the key pair first if there is none (two processes racing keep the first stored). */
export async function ensureGatewayKey(ctx: Pick<GatewayContext, 'repos' | 'clock' | 'secretSealer'>): Promise<string> {
  const existing = await ctx.repos.gatewayReplies.getKey();
  if (existing) return existing.publicKey;
  const pair = await generateAgeKeyPair({ postQuantum: false });
  const stored = await ctx.repos.gatewayReplies.putKeyIfAbsent({
    publicKey: pair.recipient, sealedIdentity: ctx.secretSealer.seal(pair.identity, sealContext), createdAt: ctx.clock.now(),
  });
  return stored.publicKey;
}

/** The secret identity, for the reply relay only. Never logged, never returned by an API. */
export async function gatewayIdentity(ctx: Pick<GatewayContext, 'repos' | 'secretSealer'>): Promise<string | undefined> {
  const key = await ctx.repos.gatewayReplies.getKey();
  return key ? ctx.secretSealer.open(key.sealedIdentity, sealContext) : undefined;
}

/** What the recipient's transfer view carries: the gateway key for a gateway transfer, null for any other. */
export async function gatewayReplyKeyOf(repos: Repositories, transferId: string): Promise<string | null> {
  if (!(await repos.gatewayReplies.getTransfer(transferId))) return null;
  return (await repos.gatewayReplies.getKey())?.publicKey ?? null;
}
