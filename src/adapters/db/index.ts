export { createDatabase, databaseOptionsSchema } from './database.ts';
export type { Database, DatabaseEngine, DatabaseOptions } from './database.ts';
export { createRepositories } from './repositories.ts';
export type { RepositoriesOptions } from './repositories.ts';
export type { DbLogger } from './log.ts';
