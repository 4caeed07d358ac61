import type { CliIo, CommandSpec } from '../cli-io.ts';

/**
 * Every `sealpost` command, in the order `--help` lists them. Each loads its module only when run, so
 * the server does not carry the client (and the client not the server) in memory.
 */
function lazy(summary: string, load: () => Promise<CommandSpec>): CommandSpec {
  return { summary, run: async (argv: string[], io: CliIo) => (await load()).run(argv, io) };
}

export const commands: Record<string, CommandSpec> = {
  serve: lazy('Run the server (what `npm start` runs)', async () => (await import('./serve.ts')).serveCommand),
  login: lazy('Sign in: staff in the browser or with a personal token, guests with an e-mail code', async () => (await import('./login.ts')).loginCommand),
  logout: lazy("Sign out: revoke this machine's personal token and delete it here", async () => (await import('./logout.ts')).logoutCommand),
  tokens: lazy('Your personal access tokens (staff): list, revoke', async () => (await import('./tokens.ts')).tokensCommand),
  send: lazy('Send a confidential message with files (encrypted here)', async () => (await import('./send.ts')).sendCommand),
  get: lazy('Open a message from its link: verify, read, download and decrypt', async () => (await import('./get.ts')).getCommand),
  status: lazy('Sent messages: who opened and downloaded what, replies', async () => (await import('./status.ts')).statusCommand),
  recall: lazy('Withdraw a sent message for everyone or one recipient', async () => (await import('./recall.ts')).recallCommand),
  expiry: lazy('Change until when a sent message is available', async () => (await import('./expiry.ts')).expiryCommand),
  resend: lazy('Mail a recipient a new notification with a new link (the old link stops working)', async () => (await import('./resend.ts')).resendCommand),
  unlock: lazy('Let a recipient locked out by wrong codes try again', async () => (await import('./unlock.ts')).unlockCommand),
  reply: lazy('Answer a message you received, encrypted, with files', async () => (await import('./reply.ts')).replyCommand),
  scan: lazy('Check a draft and files for sensitive content with the security-notice rules', async () => (await import('./scan-spec.ts')).scanCommand),
  audit: lazy('Export the tamper-evident audit log, or verify an export offline', async () => (await import('./audit.ts')).auditCommand),
  directory: lazy("Import recipients' certificates and OpenPGP keys into an organisation's directory (operator)", async () => (await import('./directory.ts')).directoryCommand),
  admin: lazy('Administration tasks (secret-key, create-org, list-orgs)', async () => (await import('./admin.ts')).adminCommand),
};
