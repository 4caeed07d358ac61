/**
 * Resolves when the server should stop: on SIGINT or SIGTERM, or when the npm process that launched it
 * is gone. `npx sealpost serve` runs the server under `npm exec → sh -c`; a service manager's SIGTERM to
 * npm kills that shell without passing the signal on, which would leave the server orphaned and running.
 * Under npm the server therefore watches its parent and stops gracefully when it changes.
 */
export function waitForStopSignal(options: { watchParent: boolean; pollMs?: number }): Promise<string> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    let timer: NodeJS.Timeout | undefined;
    const stop = (reason: string): void => {
      // A service manager may signal the whole process group (systemd's default KillMode), so the server gets
      // SIGTERM from it and again from npm: a repeated SIGTERM must not cut the graceful shutdown short (the
      // shutdown timeout bounds it). A second Ctrl-C is a person who wants out now. The new listeners go on
      // before the old ones come off: with none left for a moment, Node restores the default action, and a
      // SIGTERM landing then (npm's forwarded one arrives just about now) would end the process on the spot.
      process.on('SIGTERM', () => undefined);
      process.once('SIGINT', () => process.exit(130));
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      clearInterval(timer);
      resolve(reason);
    };
    const onSignal = (signal: NodeJS.Signals): void => stop(signal);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (options.watchParent) {
      timer = setInterval(() => {
        if (process.ppid !== parent) stop('parent process exited');
      }, options.pollMs ?? 500);
      timer.unref();
    }
  });
}

/** True when npm (`npm start`, `npm run`, `npx`) launched this process. */
export function launchedByNpm(env: Record<string, string | undefined>): boolean {
  return env.npm_lifecycle_event !== undefined || env.npm_command !== undefined;
}
