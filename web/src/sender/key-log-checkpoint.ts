// This browser's key-log checkpoint (src/client/key-log.ts) per server origin, in localStorage: the newest entry it
// verified, so the next check proves the log only grew since. Blocked storage only means starting from the log's
// first entry again (a full check), never skipping one.
import type { CheckpointStore } from '../../../src/client/key-log.ts';

const KEY = `sealpost.keyLog.${location.origin}`;

export const keyLogCheckpoints: CheckpointStore = {
  get: () => {
    try {
      const raw = localStorage.getItem(KEY);
      return Promise.resolve(raw ? (JSON.parse(raw) as { seq: number; hash: string }) : null);
    } catch {
      return Promise.resolve(null);
    }
  },
  set: (checkpoint) => {
    try {
      localStorage.setItem(KEY, JSON.stringify(checkpoint));
    } catch {
      // Storage blocked: the next check starts from the first entry.
    }
    return Promise.resolve();
  },
};
