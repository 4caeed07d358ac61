/**
 * `sealpost login`: staff sign in with `--server URL` (a code approved in the browser) or `--server URL --token` (a
 * personal token on stdin or in SEALPOST_TOKEN); guest senders verify their address with `--server URL --email
 * ADDRESS`, then `--code CODE`: the server mails a code; the code plus this machine's personal public key buy a
 * session (about 30 days). A guest's personal key is created once and kept in the config dir (0600).
 */
import type { z } from 'zod';
import type { senderSession } from '../../client/api-contract.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { openStore, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { clearPendingLogin, ensurePersonalKey, loadPendingLogin, saveSession, savePendingLogin } from '../client/credentials.ts';
import { parseLang } from '../client/send-options.ts';
import { deviceSignIn, tokenSignIn } from '../client/staff-login.ts';
import { terminalLine } from '../../core/text/terminal.ts';
import { cliApiClient } from '../client/cli-api.ts';

const usage = `usage: sealpost login --server URL                         (staff: approve a code in your browser)
       sealpost login --server URL --token                 (staff: a personal token from stdin or SEALPOST_TOKEN)
       sealpost login --server URL --email ADDRESS [--lang de|nl|en]   (guest sender: mails you a code)
       sealpost login --code CODE [--server URL --email ADDRESS]           (guest sender: finishes the login)
options: --config-dir DIR   where the session and your personal key are kept (default ~/.config/sealpost)`;

function serverUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--server must be a URL such as https://sealpost.example.org (got "${value}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--server must be an http(s) URL');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

export async function runLogin(argv: string[], io: CliIo): Promise<number> {
  return withUsage('login', usage, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, { server: { type: 'string' }, email: { type: 'string' }, code: { type: 'string' }, lang: { type: 'string' }, token: { type: 'boolean' } });
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    // A token typed after --token would land in shell history and the process list: refuse it outright.
    if (positionals.length > 0) throw new UsageError(values.token ? '--token takes no value: pipe the token on stdin or set SEALPOST_TOKEN' : `unexpected argument "${positionals[0]}"`);
    const store = openStore(io, values['config-dir']);
    if (values.email === undefined && values.code === undefined) {
      if (!values.server) throw new UsageError('give --server URL');
      const server = serverUrl(values.server);
      const api = cliApiClient(server, io);
      return values.token ? tokenSignIn(io, api, store, server) : deviceSignIn(io, api, store, server);
    }
    if (values.token) throw new UsageError('--token is for staff sign-in; leave out --email and --code');
    const pending = await loadPendingLogin(store);
    const server = values.server ? serverUrl(values.server) : pending?.server;
    const email = values.email?.trim().toLowerCase() ?? pending?.email;
    if (!server || !email) throw new UsageError('give --server URL and --email ADDRESS');
    const api = cliApiClient(server, io);
    if (values.code === undefined) {
      const lang = parseLang(values.lang);
      await api.request('POST', '/api/sender/verification-code', { body: { email, ...(lang ? { lang } : {}) } });
      await savePendingLogin(store, { server, email });
      io.stdout.write(`A verification code was sent to ${email}. Finish with: sealpost login --code CODE\n`);
      return 0;
    }
    const code = values.code.replace(/\s+/g, '');
    if (!/^\d{6,10}$/.test(code)) throw new UsageError('--code is the 6 or more digits from the e-mail');
    const key = await ensurePersonalKey(store);
    const session = await api.request<z.infer<typeof senderSession>>('POST', '/api/sender/sessions', { body: { email, code, publicKey: key.recipient } });
    await saveSession(store, { server, email: session.email, token: session.token, expiresAt: session.expiresAt, kind: 'guest' });
    await clearPendingLogin(store);
    // The server's answer goes through the terminal sanitiser like any text this client did not write.
    io.stdout.write(`Logged in as ${terminalLine(session.email)} on ${terminalLine(server)} until ${terminalLine(session.expiresAt)}.\n`);
    return 0;
  });
}

export const loginCommand: CommandSpec = { summary: 'sign in (staff: in the browser, or a personal token; guests: an e-mail code)', run: runLogin };
