// The personal key once unlocked on this device: held in this page's memory only (never in storage, never sent), so
// it is gone when the tab closes. The seam for the staff compose and sent pages (built elsewhere) to read it from.
let unlocked: { identity: string; publicKey: string } | null = null;

export function setUnlockedKey(key: { identity: string; publicKey: string }): void {
  unlocked = key;
}

export function unlockedKey(): { identity: string; publicKey: string } | null {
  return unlocked;
}
