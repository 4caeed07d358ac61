import type { TransferContext } from './context.ts';
import type { SessionRecord } from './model.ts';

/** The live session behind a bearer token, if any. Tokens are looked up by their keyed digest only. */
export async function findSession(ctx: TransferContext, token: string | undefined): Promise<SessionRecord | undefined> {
  return token ? ctx.repos.sessions.find(ctx.secrets.digest('token', token), ctx.clock.now()) : undefined;
}
