/**
 * `sealpost admin addin-manifest [--out FILE] [--name NAME]`: the Outlook add-in's manifest for this installation
 * (PUBLIC_URL, and the Id derived from SECRET_KEY: the same settings `sealpost serve` reads), to upload in the
 * Microsoft 365 admin center or sideload (docs/outlook.md). Needs no database.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/load-config.ts';
import { resolveSecretKey } from '../../config/secret-key.ts';
import { addinNameFor, renderAddinManifest } from '../../core/addin/manifest.ts';
import { addinIdFor } from '../../crypto/addin-id.ts';
import type { CliIo } from '../cli-io.ts';
import { parseCommandArgs } from '../client/command-args.ts';

export const addinManifestUsage = `usage: sealpost admin addin-manifest [--out FILE] [--name NAME]

  Prints the Outlook add-in manifest (XML) for this server's PUBLIC_URL, or writes it to FILE.
  --name NAME   the add-in's name in Outlook (default "Sealpost")
  Upload it in the Microsoft 365 admin center (Settings > Integrated apps > Upload custom apps) or sideload it
  for a test: docs/outlook.md.`;

export async function addinManifestTask(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { out: { type: 'string' }, name: { type: 'string' } });
  const config = loadConfig({ env: io.env, cwd: io.cwd });
  const secretKey = resolveSecretKey({ dataDir: config.dataDir, ...(config.secretKey ? { secretKey: config.secretKey } : {}) });
  const publicUrl = config.http.publicUrl;
  const xml = renderAddinManifest({ id: addinIdFor(secretKey.key, publicUrl), publicUrl, name: values.name ?? addinNameFor() });
  if (values.out) {
    const file = path.resolve(io.cwd, values.out);
    writeFileSync(file, xml);
    io.stderr.write(`wrote the add-in manifest for ${publicUrl} to ${file}\n`);
  } else {
    io.stdout.write(xml);
  }
  return 0;
}
