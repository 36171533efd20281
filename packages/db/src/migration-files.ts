// Reads a migrations folder in Prisma's layout (`<timestamp>_<name>/migration.sql`) into an ordered list
// with a checksum per file.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MigrationsDirectoryError } from './migration-errors.js';

export interface MigrationFile {
  /** The folder name, e.g. `20261124120000_init`; names sort in the order they apply. */
  readonly name: string;
  readonly sql: string;
  /** sha256 (hex) of the SQL with line endings normalised, so a CRLF checkout is not a change. */
  readonly checksum: string;
}

/** The migrations that ship with this package (`prisma/migrations`), from src/ and dist/ alike. */
export const defaultMigrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

const MIGRATION_NAME = /^\d{14}_[a-z0-9_]+$/;
const MIGRATION_FILE = 'migration.sql';

export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    throw new MigrationsDirectoryError(migrationsDir, ['cannot be read'], { cause: error });
  }
  // Files beside the folders (Prisma's migration_lock.toml) are not migrations.
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const problems = folders.filter((name) => !MIGRATION_NAME.test(name)).map((name) => `"${name}" is not named <14-digit timestamp>_<lower_snake_name>`);
  const migrations: MigrationFile[] = [];
  for (const name of folders.filter((folder) => MIGRATION_NAME.test(folder))) {
    try {
      const sql = await readFile(join(migrationsDir, name, MIGRATION_FILE), 'utf8');
      migrations.push({ name, sql, checksum: migrationChecksum(sql) });
    } catch {
      problems.push(`"${name}" has no readable ${MIGRATION_FILE}`);
    }
  }
  // A typo'd folder silently skipped would be a schema silently missing: refuse the whole set instead.
  if (problems.length > 0) throw new MigrationsDirectoryError(migrationsDir, problems);
  return migrations;
}
