/**
 * `sealpost tokens list [--json]` and `sealpost tokens revoke ID`: a staff member's personal access tokens (names,
 * dates, never the tokens). New tokens are created in the browser or by `sealpost login`.
 */
import { cliApiClient } from '../client/cli-api.ts';
import { SealpostError } from '../../core/errors.ts';
import { terminalJson, terminalLine } from '../../core/text/terminal.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { openStore, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { clearSession, isStaffSession, requireSession } from '../client/credentials.ts';

const usage = `usage: sealpost tokens list [--json]      your personal access tokens: name, created, last used, expiry
       sealpost tokens revoke ID         revoke one (revoking this machine's own token signs it out)`;

interface TokenView { id: string; name: string; scopes: string[]; createdAt: string; lastUsedAt: string | null; expiresAt: string | null; current: boolean }

export async function runTokens(argv: string[], io: CliIo): Promise<number> {
  return withUsage('tokens', usage, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    const [action, id, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    if (action !== 'list' && action !== 'revoke') throw new UsageError('give list or revoke ID');
    const store = openStore(io, values['config-dir']);
    const session = await requireSession(store);
    if (!isStaffSession(session)) throw new SealpostError('SP_ERR_FORBIDDEN', { message: 'Personal tokens belong to staff accounts: run `sealpost login --server URL` to sign in as staff' });
    const api = cliApiClient(session.server, io);
    if (action === 'revoke') {
      if (!id) throw new UsageError('give the ID of the token to revoke (see `sealpost tokens list`)');
      await api.request('DELETE', `/api/account/tokens/${encodeURIComponent(id)}`, { token: session.token });
      if (id === session.tokenId) await clearSession(store);
      io.stdout.write(`Revoked token ${terminalLine(id)}${id === session.tokenId ? ' (this machine\'s own: signed out)' : ''}.\n`);
      return 0;
    }
    if (id !== undefined) throw new UsageError(`unexpected argument "${id}"`);
    const { items } = await api.request<{ items: TokenView[] }>('GET', '/api/account/tokens', { token: session.token });
    if (values.json) {
      io.stdout.write(`${terminalJson({ items })}\n`);
      return 0;
    }
    if (items.length === 0) io.stdout.write('No personal tokens.\n');
    for (const t of items) {
      io.stdout.write(`${terminalLine(t.id)}  "${terminalLine(t.name)}"${t.current ? ' (this machine)' : ''}\n`);
      io.stdout.write(`  scopes ${terminalLine(t.scopes.join(','))}, created ${terminalLine(t.createdAt)}, last used ${terminalLine(t.lastUsedAt ?? 'never')}, expires ${terminalLine(t.expiresAt ?? 'never')}\n`);
    }
    return 0;
  });
}

export const tokensCommand: CommandSpec = { summary: 'your personal access tokens: list, revoke', run: runTokens };
