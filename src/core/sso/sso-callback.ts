import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { SsoContext } from './context.ts';
import { finishSsoReauthentication } from './sso-session.ts';
import { finishSsoSignIn, flowKey, type Meta, type SsoSignedIn } from './sso-sign-in.ts';

export type SsoCallbackResult =
  | ({ kind: 'signedIn' } & SsoSignedIn)
  | { kind: 'reauthenticated' | 'reauthRefused'; returnTo: string }
  | { kind: 'signedOut' };

/**
 * Everything that arrives at `/sso/callback`: the answer to a sign-in or to a re-authentication (told apart by the
 * flow its `state` names, consumed here: single use), or the browser coming back from the provider's logout (the
 * callback URL is the `post_logout_redirect_uri`; no state, no code, nothing to consume). An unknown or used state
 * is audited in the default chain (no organisation is known) and answered with SP_ERR_SSO_FAILED.
 */
export async function finishSsoCallback(ctx: SsoContext, callbackUrl: URL, meta: Meta): Promise<SsoCallbackResult> {
  const params = callbackUrl.searchParams;
  if (!params.has('state') && !params.has('code') && !params.has('error')) return { kind: 'signedOut' };
  const now = ctx.clock.now();
  const state = params.get('state') ?? '';
  const flow = state ? await ctx.repos.sso.consumeFlow(flowKey(ctx, state), now) : undefined;
  if (!flow) {
    await audit(ctx.repos, now, meta, { action: 'sso.refused', actor: 'anonymous', details: { reason: 'unknown_or_used_state' } });
    throw new SealpostError('SP_ERR_SSO_FAILED');
  }
  const { sessionTokenHash } = flow;
  if (sessionTokenHash !== null) {
    const result = await finishSsoReauthentication(ctx, { ...flow, sessionTokenHash }, callbackUrl, meta);
    return { kind: result.reauthenticated ? 'reauthenticated' : 'reauthRefused', returnTo: result.returnTo };
  }
  return { kind: 'signedIn', ...(await finishSsoSignIn(ctx, flow, callbackUrl, meta)) };
}
