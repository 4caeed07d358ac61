// The organisation's sending mode for the add-in (issue 15), the workplace agreement `addinSendingMode` its admin sets
// (docs/outlook.md, "Sending mode"): 'gateway' — Outlook sends the mail itself through Exchange to the Sealpost
// gateway, marked with the secure header — or 'end-to-end' — the add-in encrypts and uploads through the client core
// (src/client/send.ts) and Sealpost sends the notifications. 'gateway' is the answer whenever the mode is unknown: it
// is the safe default, since the gateway protects the mail even where the add-in cannot run.
//
// The task pane reads the mode from the server (loadSendingMode) and keeps the last known one in local storage
// (rememberSendingMode), because the Send handler has no time for a request and reads it synchronously
// (cachedSendingMode). The JavaScript-only send runtime of classic Outlook on Windows has no local storage: the mode
// is also kept in OfficeRuntime.storage (shared-storage.ts), which that runtime reads (sendRuntimeSendingMode).
import { localStore, readShared, runtimeStore, writeShared, type Stores } from './shared-storage.ts';
import { senderAgreements } from './sender-api.ts';

export type SendingMode = 'gateway' | 'end-to-end';

const storageKey = 'sealpost.addin.mode';

type Fetch = typeof fetch;

const isSendingMode = (value: unknown): value is SendingMode => value === 'gateway' || value === 'end-to-end';

/**
 * The mode the server names, or undefined when there is no readable answer (network, an error status, not JSON).
 * A server that answers without the field predates the agreement, so it only knows the gateway.
 */
async function fetchSendingMode(token: string, fetchImpl: Fetch): Promise<SendingMode | undefined> {
  try {
    const body = await senderAgreements(token, fetchImpl);
    return isSendingMode(body?.addinSendingMode) ? body.addinSendingMode : 'gateway';
  } catch {
    return undefined;
  }
}

/** The organisation's mode for this signed-in sender; 'gateway' when the answer cannot be read. */
export async function loadSendingMode(token: string, fetchImpl: Fetch = fetch): Promise<SendingMode> {
  return (await fetchSendingMode(token, fetchImpl)) ?? 'gateway';
}

/** The last mode remembered on this device; 'gateway' without storage or without a valid remembered value. */
export function cachedSendingMode(storage: Storage | null = localStore()): SendingMode {
  try {
    const value = storage?.getItem(storageKey);
    return isSendingMode(value) ? value : 'gateway';
  } catch {
    return 'gateway';
  }
}

/**
 * Keeps the mode for the Send handler, in localStorage at once and in OfficeRuntime.storage where offered. Best
 * effort: without storage (or with it full) the handler uses 'gateway'.
 */
export function rememberSendingMode(mode: SendingMode, storage: Storage | null = localStore(), runtime = runtimeStore()): Promise<void> {
  return writeShared(storageKey, mode, { local: storage, runtime });
}

/**
 * Loads the mode and remembers it; when the server cannot be read, the last known mode stays (a network blip must
 * not switch an organisation's add-in to the other path) and is returned. For the task pane to call once signed in.
 */
export async function refreshSendingMode(token: string, storage: Storage | null = localStore(), fetchImpl: Fetch = fetch): Promise<SendingMode> {
  const mode = await fetchSendingMode(token, fetchImpl);
  if (mode === undefined) return cachedSendingMode(storage);
  await rememberSendingMode(mode, storage);
  return mode;
}

/** The mode to use now, synchronously: the remembered one (callers: the task pane and the Send handler). */
export function sendingMode(): SendingMode {
  return cachedSendingMode();
}

/** The mode as the Send handler reads it: localStorage, or OfficeRuntime.storage in a runtime without it. */
export async function sendRuntimeSendingMode(stores?: Stores): Promise<SendingMode> {
  const value = await readShared(storageKey, stores);
  return isSendingMode(value) ? value : 'gateway';
}
