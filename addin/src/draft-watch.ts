// Follows a draft while the user writes, for the notices card (writing-notices.tsx). Outlook has events for
// recipients and attachments (the card calls `check` on them) but none for the subject or the body, so the draft is
// also read every few seconds — only while the pane is visible (document.visibilityState), and the caller hears of
// it only when something changed, so the rules run once per change, not once per tick.
export interface DraftWatch {
  /** Reads the draft now (an event fired); calls onDraft if it changed. Overlapping calls are folded into one more. */
  check: () => void;
  stop: () => void;
}

/** The part of `document` the watcher needs (a fake in the unit tests). */
export type VisibilitySource = Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;

export interface DraftWatchOptions {
  intervalMs?: number;
  visibility?: VisibilitySource;
  onError?: (error: unknown) => void;
}

/** Every few seconds: reading the body through Office.js is the only cost, and nobody types a term in under that. */
export const defaultDraftIntervalMs = 3000;

export function watchDraft<D>(read: () => Promise<D>, onDraft: (draft: D) => void, options: DraftWatchOptions = {}): DraftWatch {
  const visibility = options.visibility ?? document;
  const intervalMs = options.intervalMs ?? defaultDraftIntervalMs;
  // The last draft seen, serialised: an exact comparison (a hash could miss a change); it is the draft the pane
  // already holds, on this device only.
  let last: string | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  function check(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    read().then(
      (draft) => {
        const key = JSON.stringify(draft);
        if (!stopped && key !== last) {
          last = key;
          onDraft(draft);
        }
      },
      (error: unknown) => options.onError?.(error),
    ).finally(() => {
      running = false;
      if (again) {
        again = false;
        check();
      }
    });
  }

  function follow(): void {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    if (stopped || visibility.visibilityState !== 'visible') return;
    timer = setInterval(check, intervalMs);
    check();
  }

  visibility.addEventListener('visibilitychange', follow);
  follow();
  return {
    check,
    stop() {
      stopped = true;
      visibility.removeEventListener('visibilitychange', follow);
      if (timer !== undefined) clearInterval(timer);
    },
  };
}
