// The sender's personal age identity, kept in IndexedDB on this browser only. The server knows just its public
// half: every sent message key is wrapped to it (ownerWrappedIdentity), so sent items and replies open here.
const DB_NAME = 'sealpost';
const STORE = 'keys';
const KEY = 'personal';

export interface PersonalKeyPair {
  identity: string;
  recipient: string;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

async function run<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = op(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

export async function loadPersonalKey(): Promise<PersonalKeyPair | undefined> {
  const value = await run<PersonalKeyPair | undefined>('readonly', (s) => s.get(KEY));
  return value && typeof value.identity === 'string' && typeof value.recipient === 'string' ? value : undefined;
}

/** The existing key pair, or a new X25519 one (kept across sessions so older sent items stay readable). */
export async function ensurePersonalKey(): Promise<PersonalKeyPair> {
  const existing = await loadPersonalKey();
  if (existing) return existing;
  const { generateAgeKeyPair } = await import('../../../src/crypto/index.ts');
  const pair = await generateAgeKeyPair({ postQuantum: false });
  const stored = { identity: pair.identity, recipient: pair.recipient };
  await run('readwrite', (s) => s.put(stored, KEY));
  return stored;
}
