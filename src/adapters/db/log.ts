/** The slice of a pino logger the database layer uses; pino's Logger satisfies it. */
export interface DbLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export const silentLogger: DbLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** What may be logged about a driver error: its code and message, never query parameters. */
export function describeError(error: unknown): { code?: string; message: string } {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  const inner = error instanceof AggregateError ? error.errors.map((e) => describeError(e).message).join('; ') : '';
  return { ...(typeof code === 'string' ? { code } : {}), message: error.message || inner || error.name };
}
