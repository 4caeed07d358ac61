// A recipient opening a Sealpost message through the client core, as the recipient page does: the link's id and
// secret, the verification (an access code, or the e-mail / SMS code), then every file decrypted byte for byte.
// Shared by the add-in's browser tests (end-to-end sending, large attachments as links).
import { createApiClient } from '../../src/client/api-client.ts';
import { openPlainFile } from '../../src/client/download.ts';
import { openMessage } from '../../src/client/open-message.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { nativeChunkCipher } from '../../src/crypto/node.ts';
import { codeIn, type WebWorld } from '../web/sender-support/harness.ts';

/** The recipient API for a link `…/r/<id>#<secret>`, and the secret. */
export function recipientOf(world: WebWorld, link: string) {
  const match = /\/r\/([A-Za-z0-9_-]+)#([A-Za-z0-9_-]+)/.exec(link);
  return { api: createRecipientApi(createApiClient({ baseUrl: world.url }), match?.[1] ?? ''), linkSecret: match?.[2] ?? '' };
}

/** Opens the message with `code` (an access code; ignored for "none") and returns its manifest and files by name. */
export async function readAsRecipient(world: WebWorld, link: string, code: string) {
  const { api, linkSecret } = recipientOf(world, link);
  const opened = await openMessage({ api, landing: await api.landing(), linkSecret, code });
  const files = new Map<string, Buffer>();
  for (const slot of opened.manifest.files) {
    const plain = openPlainFile({ open: (offset) => api.fileResponse(slot.blobId, opened.verified.token, undefined, offset > 0 ? `bytes=${offset}-` : undefined), identity: opened.identity, slot, cipher: nativeChunkCipher });
    const chunks: Uint8Array[] = [];
    for await (const chunk of await plain) chunks.push(chunk);
    files.set(slot.name, Buffer.concat(chunks));
  }
  return { manifest: opened.manifest, files };
}

/** For the method "email": asks Sealpost for the code, takes it from the dev mailbox, and opens the message. */
export async function readWithEmailCode(world: WebWorld, link: string, email: string) {
  const seen = new Set((await world.mailbox()).map((m) => m.id));
  await recipientOf(world, link).api.requestCode();
  const mail = await world.nextMail(email, /\d{6}/, seen);
  return readAsRecipient(world, link, codeIn(mail.text));
}
