import { connect, type Socket } from 'node:net';

/**
 * A raw SMTP client for tests that must send exact bytes (smuggling sequences, bare LF): nothing is rewritten.
 * `command` writes bytes and waits for one complete reply (multi-line replies joined).
 */
export interface RawSmtp {
  greeting: string;
  command(bytes: string | Uint8Array): Promise<string>;
  /** Writes without waiting for a reply (the DATA body before its terminator). */
  write(bytes: string | Uint8Array): void;
  /** Every reply line received so far. */
  lines(): string[];
  close(): void;
}

export async function rawSmtp(port: number): Promise<RawSmtp> {
  const socket: Socket = connect(port, '127.0.0.1');
  let buffer = '';
  const all: string[] = [];
  let waiter: ((reply: string) => void) | undefined;
  let pending: string[] = [];
  const tryResolve = (): void => {
    const last = pending.at(-1);
    if (waiter && last && /^\d{3} /.test(last)) {
      const reply = pending.join('\n');
      pending = [];
      const w = waiter;
      waiter = undefined;
      w(reply);
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let at;
    while ((at = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      all.push(line);
      pending.push(line);
    }
    tryResolve();
  });
  const next = (): Promise<string> =>
    new Promise((resolve, reject) => {
      waiter = resolve;
      socket.once('error', reject);
      tryResolve();
    });
  const greeting = await next();
  return {
    greeting,
    command(bytes) {
      const reply = next();
      socket.write(bytes);
      return reply;
    },
    write(bytes) {
      socket.write(bytes);
    },
    lines: () => all,
    close: () => socket.destroy(),
  };
}
