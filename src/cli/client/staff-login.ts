// Staff sign-in on the command line (docs/cli.md, "Staff sign-in and tokens"): the device flow (a code typed in a
// browser where the staff member is signed in, then a personal token for this machine), or a personal token pasted
// from stdin or SEALPOST_TOKEN (never from the command line, where other users and shell history would see it).
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiClient } from '../../client/api-client.ts';
import { hasCode } from '../../client/api-error.ts';
import { SealpostError } from '../../core/errors.ts';
import { terminalLine } from '../../core/text/terminal.ts';
import type { CliIo } from '../cli-io.ts';
import { isTty } from './command-args.ts';
import type { ConfigStore } from './config-store.ts';
import { saveSession, type SenderSession } from './credentials.ts';
import { promptSecret } from './prompt.ts';

interface Started { deviceCode: string; userCode: string; verificationUrl: string; expiresAt: string; interval: number }
type Polled = { status: 'pending' } | { status: 'approved'; token: string; tokenId: string; name: string; email: string; expiresAt: string | null };
interface CurrentToken { id: string; name: string; email: string; orgName: string; expiresAt: string | null }

const TOKEN_SHAPE = /^sppat_[A-Za-z0-9_-]{43}$/;

function reasonOf(error: unknown): string | undefined {
  return (error as { details?: { reason?: string } }).details?.reason;
}

/** The server's refusals of a poll, worded with what to do next. */
function pollFailure(error: unknown, server: string): never {
  const again = `run \`sealpost login --server ${server}\` again`;
  if (hasCode(error, 'SP_ERR_FORBIDDEN') && reasonOf(error) === 'denied') throw new SealpostError('SP_ERR_FORBIDDEN', { message: `The sign-in was denied in the browser; ${again} to retry`, cause: error });
  if (hasCode(error, 'SP_ERR_GONE') && reasonOf(error) === 'expired') throw new SealpostError('SP_ERR_GONE', { message: `The code expired before it was approved (it is valid for 10 minutes); ${again}`, cause: error });
  if (hasCode(error, 'SP_ERR_GONE') || hasCode(error, 'SP_ERR_NOT_FOUND')) throw new SealpostError('SP_ERR_GONE', { message: `This sign-in is no longer valid; ${again}`, cause: error });
  throw error;
}

async function saveStaff(store: ConfigStore, server: string, token: { token: string; id: string; name: string; email: string; expiresAt: string | null }): Promise<SenderSession> {
  const session: SenderSession = { server, email: token.email, token: token.token, expiresAt: token.expiresAt, kind: 'staff', tokenId: token.id, tokenName: token.name };
  await saveSession(store, session);
  return session;
}

function signedIn(io: CliIo, session: SenderSession): void {
  const until = session.expiresAt ? ` until ${terminalLine(session.expiresAt)}` : '';
  io.stdout.write(`Signed in as ${terminalLine(session.email)} on ${terminalLine(session.server)}${until} (personal token "${terminalLine(session.tokenName ?? '')}").\n`);
}

/** `sealpost login --server URL`: shows a code to type at URL/cli/approve, polls until the browser decides. */
export async function deviceSignIn(io: CliIo, api: ApiClient, store: ConfigStore, server: string): Promise<number> {
  const started = await api.request<Started>('POST', '/api/cli/sign-in', { body: { clientName: os.hostname() } });
  io.stdout.write(
    `To sign in, open ${terminalLine(started.verificationUrl)} in a browser where you are signed in to Sealpost,\n` +
    `and enter this code: ${terminalLine(started.userCode)}\n` +
    `Check that the page shows the same code and this computer's name before you approve. Waiting (10 minutes)…\n`,
  );
  let intervalMs = Math.max(1, started.interval) * 1000;
  for (;;) {
    await sleep(intervalMs);
    let polled: Polled;
    try {
      polled = await api.request<Polled>('POST', '/api/cli/sign-in/poll', { body: { deviceCode: started.deviceCode } });
    } catch (error) {
      if (hasCode(error, 'SP_ERR_RATE_LIMITED')) {
        intervalMs *= 2;
        continue;
      }
      return pollFailure(error, server);
    }
    if (polled.status === 'pending') continue;
    signedIn(io, await saveStaff(store, server, { token: polled.token, id: polled.tokenId, name: polled.name, email: polled.email, expiresAt: polled.expiresAt }));
    return 0;
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(parts).toString('utf8');
}

/** `sealpost login --server URL --token`: the token from SEALPOST_TOKEN, else stdin (asked without echo on a terminal). */
export async function tokenSignIn(io: CliIo, api: ApiClient, store: ConfigStore, server: string): Promise<number> {
  const fromEnv = io.env.SEALPOST_TOKEN;
  const raw = fromEnv ?? (isTty(io.stdin) ? await promptSecret(io, 'Personal access token: ') : await readAll(io.stdin));
  const token = raw.trim();
  if (!TOKEN_SHAPE.test(token)) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `That is not a Sealpost personal access token (they start with "sppat_"); give it ${fromEnv === undefined ? 'on stdin' : 'in SEALPOST_TOKEN'}` });
  }
  let current: CurrentToken;
  try {
    current = await api.request<CurrentToken>('GET', '/api/account/tokens/current', { token });
  } catch (error) {
    if (hasCode(error, 'SP_ERR_UNAUTHORIZED')) throw new SealpostError('SP_ERR_UNAUTHORIZED', { message: `The server did not accept this token (${(error as Error).message})`, cause: error });
    throw error;
  }
  signedIn(io, await saveStaff(store, server, { token, id: current.id, name: current.name, email: current.email, expiresAt: current.expiresAt }));
  return 0;
}
