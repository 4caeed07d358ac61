import { SMTPServer } from 'smtp-server';

/** A real SMTP server on 127.0.0.1 that records what it accepts; stop and start it to play a dead relay. */
export interface TestRelay {
  readonly port: number;
  readonly received: string[];
  /** Reply to RCPT TO with this SMTP error (e.g. 451 try later, 550 no such user); null accepts. */
  refuseWith: { code: number; message: string } | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createTestRelay(): Promise<TestRelay> {
  let server: SMTPServer | undefined;
  let port = 0;
  const relay: TestRelay = {
    get port() {
      return port;
    },
    received: [],
    refuseWith: null,
    async start() {
      const listening = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        closeTimeout: 100,
        logger: false,
        onRcptTo(_address, _session, callback) {
          const refusal = relay.refuseWith;
          if (!refusal) return callback();
          return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        },
        onData(stream, _session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            relay.received.push(Buffer.concat(chunks).toString('utf8'));
            callback();
          });
        },
      });
      listening.on('error', () => undefined);
      await new Promise<void>((resolve, reject) => {
        listening.server.once('error', reject);
        listening.listen(port, '127.0.0.1', () => resolve());
      });
      const address = listening.server.address();
      if (typeof address === 'object' && address) port = address.port;
      server = listening;
    },
    async stop() {
      const closing = server;
      server = undefined;
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
  };
  await relay.start();
  return relay;
}
