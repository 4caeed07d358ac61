// Fakes for the add-in's unit tests in Node: an Office.js item, Web Storage, OfficeRuntime.storage and a document's
// visibility — each only as much as the code under test uses.
import type { VisibilitySource } from '../../addin/src/draft-watch.ts';
import type { Callback, CustomProperties, MailboxItem, OfficeRuntimeStorage } from '../../addin/src/office.ts';

export function fakeItem(options: { props?: Record<string, unknown>; loadFails?: boolean; headersFail?: boolean; noHeaders?: boolean }) {
  const headers: Record<string, string> = {};
  const props = { ...options.props };
  const done = <T>(cb: Callback<T> | undefined, value: T, failed = false) =>
    cb?.(failed ? { status: 'failed', value, error: { name: 'x', message: 'failed' } } : { status: 'succeeded', value });
  const item: MailboxItem = {
    itemType: 'message',
    subject: { getAsync: (cb) => done(cb, 's') },
    body: { getAsync: (_t, cb) => done(cb, 'b') },
    internetHeaders: options.noHeaders
      ? undefined
      : {
          setAsync: (h, cb) => { if (!options.headersFail) Object.assign(headers, h); done(cb, undefined, options.headersFail); },
          removeAsync: (names, cb) => { for (const n of names) delete headers[n]; done(cb, undefined, options.headersFail); },
          getAsync: (_n, cb) => done(cb, headers),
        },
    loadCustomPropertiesAsync: (cb) => {
      const value: CustomProperties = { get: (n) => props[n], set: (n, v) => { props[n] = v; }, remove: (n) => { delete props[n]; }, saveAsync: (c) => done(c, undefined) };
      done(cb, value, options.loadFails);
    },
  };
  return { item, headers };
}

/** Local storage as the Web Storage API defines it, in memory (Node has none). */
export function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() { return items.size; },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, String(v)),
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
  };
}

/** OfficeRuntime.storage as Outlook on Windows offers it: async, string values; `fail` and `hang` for broken ones. */
export function runtimeStorage(mode: 'ok' | 'fail' | 'hang' = 'ok'): OfficeRuntimeStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  const answer = <T>(value: () => T): Promise<T> => (mode === 'ok' ? Promise.resolve().then(value) : mode === 'fail' ? Promise.reject(new Error('storage failed')) : new Promise<T>(() => undefined));
  return {
    items,
    getItem: (k) => answer(() => items.get(k) ?? null),
    setItem: (k, v) => answer(() => void items.set(k, v)),
    removeItem: (k) => answer(() => void items.delete(k)),
  };
}

/** A document whose visibility the test sets, firing visibilitychange as a browser does. */
export function visibility(initial: DocumentVisibilityState = 'visible') {
  const listeners = new Set<() => void>();
  const source = {
    visibilityState: initial,
    addEventListener: (_type: string, fn: () => void) => void listeners.add(fn),
    removeEventListener: (_type: string, fn: () => void) => void listeners.delete(fn),
  };
  return {
    source: source as unknown as VisibilitySource,
    set(state: DocumentVisibilityState) {
      source.visibilityState = state;
      for (const fn of listeners) fn();
    },
    listeners,
  };
}

