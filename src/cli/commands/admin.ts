import { generateSecretKey } from '../../config/secret-key.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { runMigrateBlobs } from './migrate-blobs.ts';
import { withUsage } from '../client/command-args.ts';
import { createOrgTask, createOrgUsage, listOrgsTask } from './admin-orgs.ts';
import { orgSsoTask, orgSsoUsage } from './admin-org-sso.ts';
import { addinManifestTask, addinManifestUsage } from './admin-addin.ts';

const help = `Usage: sealpost admin <task>

Tasks:
  secret-key     Print a new random SECRET_KEY (32 bytes, base64url) for a production setup
  migrate-blobs  Move every stored file into another blob store: --to STORAGE_URL [--dry-run]
  create-org     Create an organisation and print its first admin's invitation link
                 (--name NAME --domain DOMAIN[,DOMAIN] --admin EMAIL
                  [--key-recovery loss | --recovery-public-key age1…])
  list-orgs      List organisations with their usage: users, transfers, stored bytes (--json)
  addin-manifest Print the Outlook add-in manifest for this server ([--out FILE] [--name NAME])
  org-sso        Set an organisation's OpenID Connect provider for single sign-on
                 (--org ID|DOMAIN --issuer URL --client-id ID --client-secret-file FILE
                  [--accept-idp-without-mfa] [--disable] | --remove)
`;

async function admin(argv: string[], io: CliIo): Promise<number> {
  const [task, ...rest] = argv;
  if (task === 'secret-key') {
    io.stdout.write(`${generateSecretKey()}\n`);
    return 0;
  }
  if (task === 'migrate-blobs') return runMigrateBlobs(argv.slice(1), io);
  if (task === 'create-org') return withUsage('admin create-org', createOrgUsage, io, () => createOrgTask(rest, io));
  if (task === 'org-sso') return withUsage('admin org-sso', orgSsoUsage, io, () => orgSsoTask(rest, io));
  if (task === 'addin-manifest') return withUsage('admin addin-manifest', addinManifestUsage, io, () => addinManifestTask(rest, io));
  if (task === 'list-orgs') return withUsage('admin list-orgs', createOrgUsage, io, () => listOrgsTask(rest, io));
  if (task === '--help' || task === '-h') {
    io.stdout.write(help);
    return 0;
  }
  io.stderr.write(task ? `sealpost admin: unknown task "${task}"\n\n${help}` : help);
  return 2;
}

export const adminCommand: CommandSpec = { summary: 'Administration tasks (secret-key, migrate-blobs, create-org, list-orgs, org-sso, addin-manifest)', run: admin };
