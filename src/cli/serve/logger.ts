import pino, { type Logger } from 'pino';

/**
 * JSON logs to stdout. Anything that could carry a secret is redacted by path as a second line of defence;
 * the first is never passing secrets to the logger at all.
 */
export function createLogger(options: { level: string; name?: string }): Logger {
  return pino({
    name: options.name ?? 'sealpost',
    level: options.level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.code',
        '*.linkSecret',
        '*.serverShare',
        '*.secretKey',
        '*.token',
        '*.payload',
      ],
      censor: '[redacted]',
    },
  });
}
