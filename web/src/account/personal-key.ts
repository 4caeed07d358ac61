// The staff member's personal key on this device: generated and wrapped here (the server keeps only the wraps), and
// once unlocked held in this page's memory only — never in localStorage or IndexedDB, so a closed tab, a reload or an
// ended session leaves nothing to steal. The ONE holder: every way of unlocking (password at sign-in, recovery code,
// passkey PRF, SSO key password, the unlock form after a reload) calls setUnlockedKey; compose and sent items read
// it with unlockedKey() / useUnlockedKey(). Every unlock ends in holdKey, which also brings back the identities an
// admin restored with the organisation recovery key and keeps the key's escrow current (key-escrow.ts, loaded lazily).
import { useSyncExternalStore } from 'react';
import type { StoredPersonalKey } from './staff-api.ts';
import { staffRequest } from './staff-api.ts';

export interface UnlockedKey {
  identity: string;
  /** The public half (age1…): what the server has on file. */
  recipient: string;
  /** Earlier identities of this staff member restored by an admin (organisation recovery key): old sent items open. */
  previous: readonly string[];
}

let unlocked: UnlockedKey | null = null;
/** Unlocks under way (unlockStoredKey), which rewrapForNewCodes waits for. */
const unlocking = new Set<Promise<unknown>>();
const listeners = new Set<() => void>();

export function unlockedKey(): UnlockedKey | null {
  return unlocked;
}

export function setUnlockedKey(key: UnlockedKey | null): void {
  unlocked = key;
  for (const listener of listeners) listener();
}

export function forgetKey(): void {
  setUnlockedKey(null);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The unlocked key, re-rendering when it is unlocked or forgotten. */
export function useUnlockedKey(): UnlockedKey | null {
  return useSyncExternalStore(subscribe, unlockedKey);
}

const crypto = () => import('../../../src/crypto/index.ts');
const escrow = () => import('./key-escrow.ts');
/** The Argon2id runs go to a Web Worker (on this thread where none can start): src/crypto/browser/key-wrap-client.ts. */
const keyWrapper = async () => (await import('../../../src/crypto/browser/key-wrap-client.ts')).openKeyWrapper();

/** Argon2id runs (64 MiB each) report after each one, so the page can show progress: 1 + one per recovery code. */
export type Progress = (done: number, total: number) => void;

/**
 * Lets the page render between two Argon2id runs. In the worker that is a given (each reply is a task of its own);
 * on the page's thread (no worker could start) each run holds the thread, and without this the progress bar would
 * jump from the first step to the last.
 */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(resolve, 0));
    else setTimeout(resolve, 0);
  });
}

/** Wraps an identity under the password and each recovery code, one Argon2id run at a time, in one worker. */
async function wrapAll(identity: string, password: string | null, codes: string[], progress: Progress): Promise<{ byPassword: string | null; byRecovery: string[] }> {
  const { toBase64Url } = await crypto();
  const wrapper = await keyWrapper();
  try {
    const total = codes.length + (password === null ? 0 : 1);
    let done = 0;
    progress(done, total);
    await nextFrame();
    let byPassword: string | null = null;
    if (password !== null) {
      byPassword = toBase64Url(await wrapper.wrapWithPassword(identity, password));
      progress(++done, total);
      await nextFrame();
    }
    const byRecovery: string[] = [];
    for (const code of codes) {
      byRecovery.push(toBase64Url(await wrapper.wrapWithRecoveryCode(identity, code)));
      progress(++done, total);
      await nextFrame();
    }
    return { byPassword, byRecovery };
  } finally {
    wrapper.close(); // the worker goes, and the identity, password and codes it was given with it
  }
}

/**
 * A new key pair, wrapped and stored (PUT /api/account/personal-key), then held unlocked in memory. Under the
 * organisation's recovery key the key goes with its escrow (the server refuses it without one).
 */
export async function createAndStoreKey(password: string, codes: string[], progress: Progress): Promise<void> {
  const { generateAgeKeyPair } = await crypto();
  const pair = await generateAgeKeyPair({ postQuantum: false });
  const wraps = await wrapAll(pair.identity, password, codes, progress);
  const escrowed = await (await escrow()).escrowFields(pair.identity);
  await staffRequest<void>('PUT', '/api/account/personal-key', { publicKey: pair.recipient, wrappedByPassword: wraps.byPassword, wrappedByRecovery: wraps.byRecovery, ...escrowed });
  setUnlockedKey({ identity: pair.identity, recipient: pair.recipient, previous: [] });
}

/**
 * Every unlock ends here: the key held with the earlier identities an admin restored to it, and — under the
 * organisation's recovery key — its escrow brought up to date. Neither extra may keep the key locked: failures are
 * logged to the console (a bug must stay visible) and the key is held all the same.
 */
export async function holdKey(identity: string, recipient: string, known?: StoredPersonalKey): Promise<UnlockedKey> {
  let previous: string[] = [];
  try {
    const recovery = await escrow();
    const stored = known ?? (await staffRequest<StoredPersonalKey>('GET', '/api/account/personal-key'));
    if (stored.publicKey === recipient) {
      previous = await recovery.openRestoredKeys(identity, stored);
      await recovery.catchUpEscrow(identity, stored).catch((error: unknown) => console.warn('Sealpost: the key escrow could not be brought up to date', error));
    }
  } catch (error) {
    console.warn('Sealpost: restored keys and key escrow were not checked', error);
  }
  const key = { identity, recipient, previous };
  setUnlockedKey(key);
  return key;
}

/**
 * After new recovery codes: the unlocked key wrapped under them, keeping the stored password wrap. Returns false when
 * the key is not unlocked here (the new codes then cannot open it).
 */
export async function rewrapForNewCodes(codes: string[], progress: Progress): Promise<boolean> {
  // An unlock still running counts: its Argon2id run is in the worker, so the page was free to start this meanwhile.
  if (!unlocked) await Promise.allSettled(unlocking);
  const key = unlocked;
  if (!key) return false;
  const stored = await staffRequest<StoredPersonalKey>('GET', '/api/account/personal-key');
  if (stored.publicKey !== key.recipient) return false;
  const wraps = await wrapAll(key.identity, null, codes, progress);
  const escrowed = await (await escrow()).escrowFields(key.identity);
  await staffRequest<void>('PUT', '/api/account/personal-key', { publicKey: stored.publicKey, wrappedByPassword: stored.wrappedByPassword, wrappedByRecovery: wraps.byRecovery, ...escrowed });
  return true;
}

/** Fetches the wraps and unlocks the key with the password or a recovery code; 'missing' when none is stored. */
export function unlockStoredKey(secret: { password: string } | { recoveryCode: string }): Promise<'unlocked' | 'missing'> {
  const run = unlockFromStore(secret);
  unlocking.add(run);
  const done = () => void unlocking.delete(run);
  run.then(done, done);
  return run;
}

async function unlockFromStore(secret: { password: string } | { recoveryCode: string }): Promise<'unlocked' | 'missing'> {
  let stored: StoredPersonalKey;
  try {
    stored = await staffRequest<StoredPersonalKey>('GET', '/api/account/personal-key');
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'SP_ERR_NOT_FOUND') return 'missing';
    throw error;
  }
  const { fromBase64Url } = await crypto();
  const wrapper = await keyWrapper();
  let identity: string;
  try {
    identity = 'password' in secret
      ? await wrapper.unlockWithPassword(fromBase64Url(stored.wrappedByPassword), secret.password)
      : await wrapper.unlockWithRecoveryCode(stored.wrappedByRecovery.map(fromBase64Url), secret.recoveryCode);
  } finally {
    wrapper.close();
  }
  await holdKey(identity, stored.publicKey, stored);
  return 'unlocked';
}

/**
 * After a sign-in with the password: unlocks the stored key, or — where enrolment finished elsewhere without one —
 * makes one now, locked under the password (recovery codes are not known here). Failures leave the key locked; the
 * pages that need it say so.
 */
export async function unlockAfterSignIn(secret: { password: string } | { recoveryCode: string }): Promise<void> {
  try {
    const state = await unlockStoredKey(secret);
    if (state === 'missing' && 'password' in secret) await createAndStoreKey(secret.password, [], () => undefined);
  } catch {
    // Signed in all the same.
  }
}
