// What the task pane keeps for the Send handler (the session, the sending mode), in the two places a runtime may read
// it from. Browser runtimes (the task pane everywhere; the Send handler in Outlook on the web, the new Outlook and Mac)
// have localStorage. Classic Outlook on Windows runs the Send handler in a JavaScript-only runtime WITHOUT
// localStorage; Microsoft's documented way to share data with it is OfficeRuntime.storage (async, persistent, per
// add-in domain, Mailbox 1.10 — offered by Outlook on Windows only). So every write goes to both (where present) and
// the Send handler reads localStorage first and OfficeRuntime.storage when there is no localStorage.
import type { OfficeRuntimeStorage } from './office.ts';
import { withinBudget } from './within-budget.ts';

/**
 * How long the send runtime waits for OfficeRuntime.storage. Microsoft documents that its promise may never resolve;
 * the Send handler must still complete, so an answer that does not come counts as nothing stored.
 */
export const sharedReadBudgetMs = 1500;

/** This runtime's localStorage, or null where there is none (or where touching it throws, as in blocked frames). */
export function localStore(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** OfficeRuntime.storage, where this Outlook offers it. */
export function runtimeStore(): OfficeRuntimeStorage | undefined {
  try {
    return globalThis.OfficeRuntime?.storage ?? undefined;
  } catch {
    return undefined;
  }
}

export interface Stores {
  local: Storage | null;
  runtime: OfficeRuntimeStorage | undefined;
}

const currentStores = (): Stores => ({ local: localStore(), runtime: runtimeStore() });

/**
 * Writes (or, with undefined, removes) a value in both stores. localStorage synchronously, so the pane's own reads see
 * it at once; OfficeRuntime.storage is awaited. Best effort in each: a store that is missing, full or failing is
 * skipped (the Send handler then falls back to its safe defaults), and never stops the other.
 */
export async function writeShared(key: string, value: string | undefined, stores: Stores = currentStores()): Promise<void> {
  try {
    if (value === undefined) stores.local?.removeItem(key);
    else stores.local?.setItem(key, value);
  } catch {
    // Full or blocked: the runtime store may still take it.
  }
  try {
    if (!stores.runtime) return;
    if (value === undefined) await stores.runtime.removeItem(key);
    else await stores.runtime.setItem(key, value);
  } catch {
    // Not offered or failing here: localStorage (above) serves every runtime that has it.
  }
}

/**
 * The value as the Send handler sees it: from localStorage where this runtime has one (it is the task pane's own
 * store, always current), otherwise from OfficeRuntime.storage; null when neither holds it or the read fails.
 */
export async function readShared(key: string, stores: Stores = currentStores(), budgetMs = sharedReadBudgetMs): Promise<string | null> {
  if (stores.local) {
    try {
      return stores.local.getItem(key);
    } catch {
      return null;
    }
  }
  if (!stores.runtime) return null;
  const runtime = stores.runtime;
  return (await withinBudget(Promise.resolve().then(() => runtime.getItem(key)), budgetMs)) ?? null;
}
