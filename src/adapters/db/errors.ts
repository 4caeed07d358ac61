import { SealpostError } from '../../core/errors.ts';

// Node socket errors: the server is not there (any more).
const socketCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
]);
// PostgreSQL SQLSTATEs that mean "the database cannot serve now", not "your query is wrong".
const postgresStates = new Set(['57P01', '57P02', '57P03', '53300', '3D000']);
const postgresMessages = [
  'connection terminated',
  'timeout exceeded when trying to connect',
  'connection timeout',
  'not queryable',
  'query read timeout',
  'driver has already been destroyed',
  'the database connection is not open',
];
// SQLite result codes for a locked, full or unreadable database file.
const sqlitePrefixes = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_FULL', 'SQLITE_NOTADB'];

/** True if the error means the database is unreachable or cannot serve, rather than a bad query. */
export function isUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (socketCodes.has(code) || postgresStates.has(code) || code.startsWith('08')) return true;
    if (sqlitePrefixes.some((prefix) => code.startsWith(prefix))) return true;
  }
  const message = error.message.toLowerCase();
  if (postgresMessages.some((text) => message.includes(text))) return true;
  return error instanceof AggregateError && error.errors.some(isUnavailableError);
}

/**
 * Driver errors that mean "database gone" become SP_ERR_UNAVAILABLE (HTTP 503) so the edges answer
 * "try again later" instead of 500; the driver error stays in `cause` for the log. Other errors pass.
 */
export function mapDatabaseError(error: unknown): unknown {
  if (error instanceof SealpostError || !isUnavailableError(error)) return error;
  return new SealpostError('SP_ERR_UNAVAILABLE', { message: 'The database is unavailable; try again later', cause: error });
}
