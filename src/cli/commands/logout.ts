/**
 * `sealpost logout`: a staff member's personal token is revoked on the server, then deleted here; a guest session is
 * deleted here (it ends by itself). If the server cannot be reached the token is kept, so the command can be repeated.
 */
import { cliApiClient } from '../client/cli-api.ts';
import { hasCode } from '../../client/api-error.ts';
import { terminalLine } from '../../core/text/terminal.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { openStore, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { clearSession, isStaffSession, loadSession } from '../client/credentials.ts';

const usage = `usage: sealpost logout
  staff: revokes this machine's personal token on the server and deletes it here; guests: deletes the session here`;

export async function runLogout(argv: string[], io: CliIo): Promise<number> {
  return withUsage('logout', usage, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, {});
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const store = openStore(io, values['config-dir']);
    const session = await loadSession(store);
    if (!session) {
      io.stdout.write('Not signed in.\n');
      return 0;
    }
    if (isStaffSession(session) && session.tokenId) {
      try {
        await cliApiClient(session.server, io).request('DELETE', `/api/account/tokens/${encodeURIComponent(session.tokenId)}`, { token: session.token });
      } catch (error) {
        // Revoked or expired already (or the account was reset): nothing left to revoke. Anything else: keep it and say so.
        if (!hasCode(error, 'SP_ERR_UNAUTHORIZED') && !hasCode(error, 'SP_ERR_NOT_FOUND')) throw error;
      }
    }
    await clearSession(store);
    io.stdout.write(`Signed out ${terminalLine(session.email)} from ${terminalLine(session.server)}${isStaffSession(session) ? '; the personal token is revoked' : ''}.\n`);
    return 0;
  });
}

export const logoutCommand: CommandSpec = { summary: 'sign out: revoke this machine\'s token and delete it here', run: runLogout };
