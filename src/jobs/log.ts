/** The slice of a pino logger the jobs use; pino's Logger satisfies it. */
export interface JobLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}
