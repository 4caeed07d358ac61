import type { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

type Row = Record<string, unknown>;

/**
 * Node's built-in SQLite (`node:sqlite`) in the shape Kysely's SqliteDialect drives. Built in, so
 * `npm ci` compiles nothing and the database runs on whichever Node runs the server: a native addon
 * would be built against the machine's Node and then fail to load under the Node 24 that npm provides.
 */
export function nodeSqliteDatabase(db: DatabaseSync): SqliteDatabase {
  return {
    close: () => {
      if (db.isOpen) db.close();
    },
    prepare: (sql: string) => statement(db.prepare(sql)),
  };
}

function statement(stmt: StatementSync): SqliteStatement {
  return {
    // A statement that yields columns returns rows (SELECT, and INSERT/UPDATE … RETURNING).
    get reader() {
      return stmt.columns().length > 0;
    },
    all: (parameters) => stmt.all(...bindable(parameters)).map(plainRow),
    run: (parameters) => stmt.run(...bindable(parameters)),
    iterate: (parameters) => mapIterator(stmt.iterate(...bindable(parameters)), plainRow),
  };
}

type Bindable = null | number | bigint | string | NodeJS.ArrayBufferView;

function bindable(parameters: ReadonlyArray<unknown>): Bindable[] {
  return parameters.map((value) => {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value as Bindable;
  });
}

/** Rows come with a null prototype and blobs as Uint8Array; callers get plain objects and Buffers. */
function plainRow(row: unknown): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row as Row)) {
    out[key] = value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
  }
  return out;
}

function* mapIterator<T, U>(iterator: Iterable<T>, map: (value: T) => U): IterableIterator<U> {
  for (const value of iterator) yield map(value);
}
