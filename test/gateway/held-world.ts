// The held-mail tests' world: the registered recipients' world (in-process server, real registration API, dev
// mailbox) plus a GatewayContext over the same runtime and a raw mail in the encrypted spool.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretSealer } from '../../src/cli/serve/server-keys.ts';
import type { GatewayContext } from '../../src/core/gateway/context.ts';
import type { SpooledFile } from '../../src/smtp/spool.ts';
import { createSpool } from '../../src/smtp/spool.ts';
import { startRecipientWorld, type RecipientWorld } from '../recipient-accounts/world.ts';

export interface HeldWorld extends RecipientWorld {
  gateway: GatewayContext;
  spoolDir: string;
  /** A raw mail (CRLF, 8-bit body) in the encrypted spool; `bytes` is what it holds. */
  rawMail(subject: string, body?: string): Promise<{ bytes: Buffer; spooled: SpooledFile }>;
}

export async function startHeldWorld(databaseUrl: string | undefined): Promise<HeldWorld> {
  const w = await startRecipientWorld(databaseUrl);
  const spoolDir = mkdtempSync(join(tmpdir(), 'sp-gateway-spool-'));
  const gateway: GatewayContext = { ...w.runtime.transfers, secretSealer: createSecretSealer(randomBytes(32)), spoolDir };
  return {
    ...w,
    gateway,
    spoolDir,
    async rawMail(subject, body = 'Grüße aus Köln — vertraulich.\r\n') {
      const bytes = Buffer.from(
        `From: Jan <jan@praxis.example>\r\nTo: x@client.example\r\nSubject: ${subject}\r\nMessage-ID: <${randomBytes(6).toString('hex')}@praxis.example>\r\n` +
          `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}${randomBytes(200_000).toString('base64')}\r\n`,
        'utf8',
      );
      const writer = await createSpool(spoolDir);
      await writer.write(bytes);
      return { bytes, spooled: await writer.finish() };
    },
  };
}

export async function readAll(source: { read(): AsyncIterable<Uint8Array> }): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of source.read()) parts.push(chunk);
  return Buffer.concat(parts);
}
