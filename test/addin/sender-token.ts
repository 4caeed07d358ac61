// A real sender token from the test server, as the add-in holds one after signing in (the add-in's routes accept
// sender and staff tokens alike): verification code by (dev) mail, then a session.
import { generateIdentity, identityToRecipient } from 'age-encryption';
import type { WebWorld } from '../web/sender-support/harness.ts';

export interface TestSession {
  token: string;
  tokenId: string;
  email: string;
}

async function post<T>(world: WebWorld, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${world.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function senderSession(world: WebWorld, email: string): Promise<TestSession> {
  await post(world, '/api/sender/verification-code', { email });
  const mail = await world.nextMail(email, /\d{6,10}/);
  const code = /\b(\d{6,10})\b/.exec(mail.text)?.[1];
  const { token } = await post<{ token: string }>(world, '/api/sender/sessions', { email, code, publicKey: await identityToRecipient(await generateIdentity()) });
  return { token, tokenId: 'unused', email };
}
