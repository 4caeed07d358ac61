// The public keys this browser made or unlocked for an address, so that after sign-in the key log can be checked
// for a key the recipient never had (checkOwnKeyLog). Public keys only: nothing here is secret, and losing the list
// (cleared storage, another browser) only means a key the recipient made elsewhere is listed once more.
const PREFIX = 'sealpost.inbox.keys.';

function storageKey(email: string): string {
  return PREFIX + email.trim().toLowerCase();
}

export function knownKeys(email: string): string[] {
  try {
    const raw = localStorage.getItem(storageKey(email));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return []; // storage blocked or a damaged entry: the check then lists every key, which errs on the safe side
  }
}

export function rememberKey(email: string, publicKey: string): void {
  const keys = knownKeys(email);
  if (keys.includes(publicKey)) return;
  try {
    localStorage.setItem(storageKey(email), JSON.stringify([...keys, publicKey]));
  } catch {
    // Not remembered: the next check on this browser warns about a key that is in fact the recipient's own.
  }
}
