/**
 * `sealpost admin org-sso`: the operator sets (or removes) an organisation's OpenID Connect provider. Opens the
 * server's database and SECRET_KEY directly, like create-org; the client secret is read from a file (never from the
 * command line, where `ps` and shell history would show it) and stored only sealed.
 */
import { readFile } from 'node:fs/promises';
import { createOpenIdRelyingParty } from '../../adapters/oidc/openid-client.ts';
import { SealpostError } from '../../core/errors.ts';
import { defaultSsoPolicy, ssoCallbackUrl, type SsoContext } from '../../core/sso/context.ts';
import { deleteSsoConfig, setSsoConfig } from '../../core/sso/sso-config.ts';
import type { AccountContext } from '../../core/accounts/context.ts';
import { terminalText } from '../../core/text/terminal.ts';
import type { CliIo } from '../cli-io.ts';
import { parseCommandArgs, UsageError } from '../client/command-args.ts';
import { createSecretSealer } from '../serve/server-keys.ts';
import { withAccounts } from './admin-orgs.ts';

export const orgSsoUsage = `usage: sealpost admin org-sso --org ID|DOMAIN --issuer URL --client-id ID --client-secret-file FILE
                              [--email-claim email|preferred_username] [--mfa-acr VALUE[,VALUE]]
                              [--accept-idp-without-mfa] [--disable]
       sealpost admin org-sso --org ID|DOMAIN --remove`;

/** The organisation an operator names by id or by one of its domains. */
export async function orgIdOf(ctx: AccountContext, ref: string): Promise<string> {
  const needle = ref.trim().toLowerCase();
  const org = (await ctx.repos.organisations.list()).find((o) => o.id === ref.trim() || o.domains.includes(needle));
  if (!org) throw new SealpostError('SP_ERR_NOT_FOUND', { message: `No organisation with id or domain ${ref}` });
  return org.id;
}

export async function orgSsoTask(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    org: { type: 'string' },
    issuer: { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret-file': { type: 'string' },
    'email-claim': { type: 'string' },
    'mfa-acr': { type: 'string' },
    'accept-idp-without-mfa': { type: 'boolean' },
    disable: { type: 'boolean' },
    remove: { type: 'boolean' },
  });
  if (!values.org) throw new UsageError('--org is required');
  const orgRef = values.org;
  if (values.remove) {
    await withAccounts(io, async (ctx, secretKey) => deleteSsoConfig(ssoContext(ctx, secretKey), await orgIdOf(ctx, orgRef), null, 'operator:cli'));
    io.stdout.write('single sign-on removed\n');
    return 0;
  }
  const issuer = values.issuer;
  const clientId = values['client-id'];
  if (!issuer || !clientId) throw new UsageError('--issuer and --client-id are required');
  const emailClaim = values['email-claim'];
  if (emailClaim !== undefined && emailClaim !== 'email' && emailClaim !== 'preferred_username') throw new UsageError('--email-claim is email or preferred_username');
  const secretFile = values['client-secret-file'];
  const clientSecret = secretFile ? (await readFile(secretFile, 'utf8')).trim() : undefined;
  if (secretFile && !clientSecret) throw new UsageError(`${secretFile} is empty`);
  const { view, callbackUrl } = await withAccounts(io, async (ctx, secretKey) => ({
    callbackUrl: ssoCallbackUrl(ctx),
    view: await setSsoConfig(
      ssoContext(ctx, secretKey),
      await orgIdOf(ctx, orgRef),
      {
        issuer,
        clientId,
        clientSecret,
        emailClaim,
        ...(values['mfa-acr'] ? { mfaAcrValues: values['mfa-acr'].split(',') } : {}),
        acceptWithoutMfa: values['accept-idp-without-mfa'] ?? false,
        enabled: !values.disable,
      },
      null,
      'operator:cli',
    ),
  }));
  io.stdout.write(
    `single sign-on ${view.enabled ? 'enabled' : 'set up but disabled'} for organisation ${view.orgId}: issuer ${terminalText(view.issuer)}, client ${terminalText(view.clientId)}\n` +
      `redirect URI to register at the provider: ${callbackUrl}\n` +
      (view.acceptWithoutMfa ? 'WARNING: sign-ins are accepted without a second factor asserted by the provider (--accept-idp-without-mfa)\n' : 'a second factor is required: amr contains "mfa"' + (view.mfaAcrValues.length ? ` or acr is one of ${view.mfaAcrValues.join(', ')}` : '') + '\n'),
  );
  return 0;
}

function ssoContext(ctx: AccountContext, secretKey: Uint8Array): SsoContext {
  return { ...ctx, oidc: createOpenIdRelyingParty(), secretSealer: createSecretSealer(secretKey), sso: defaultSsoPolicy };
}
