/**
 * Row types as the application sees them (camelCase; CamelCasePlugin maps them to the snake_case
 * columns created by the migrations).
 *
 * Times are stored as ISO-8601 UTC text with milliseconds (`Date#toISOString()`, e.g.
 * 2025-01-31T12:00:00.000Z) on both engines: fixed width, so text comparison is time comparison and
 * both engines order and compare them identically. Always write them through `toDbTime`.
 */
export interface OutboxTable {
  id: string;
  kind: string;
  topic: string | null;
  ref: string | null;
  payload: string | null;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lockedUntil: string | null;
  lockedBy: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface DevMailboxTable {
  id: string;
  kind: string;
  /** The caught OutgoingMail or OutgoingSms as JSON. */
  message: string;
  caughtAt: string;
}

export interface SettingsTable {
  key: string;
  /** JSON. */
  value: string;
  updatedAt: string;
}

export interface DatabaseSchema {
  outbox: OutboxTable;
  devMailbox: DevMailboxTable;
  settings: SettingsTable;
}

export function toDbTime(date: Date): string {
  return date.toISOString();
}

export function fromDbTime(value: string): Date;
export function fromDbTime(value: string | null): Date | null;
export function fromDbTime(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}
