/**
 * An interruptible pause for polling loops: `wake()` ends the current sleep at once, and a wake that
 * arrives while the loop is busy makes the next sleep return immediately (no lost wake-ups).
 */
export interface Sleeper {
  sleep(ms: number): Promise<void>;
  wake(): void;
}

export function createSleeper(): Sleeper {
  let pending = false;
  let release: (() => void) | undefined;
  return {
    sleep(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          release = undefined;
          resolve();
        }
        release = done;
      });
    },
    wake() {
      if (release) release();
      else pending = true;
    },
  };
}
