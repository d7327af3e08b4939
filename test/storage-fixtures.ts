// Store fixtures for the suites in test/: SQLite in a temp directory, SQLite :memory:, and PostgreSQL in a
// fresh schema per fixture (so concurrent test files and runs never see each other's rows).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openStorage, testServiceUrls, type OpenStorageOptions, type Storage } from '../src/core/index.js';

export interface StorageFixture {
  /** Open a handle on this fixture's store (migrating it). */
  open(): Promise<Storage>;
  /** True when every open() reaches the same data (file, PostgreSQL); false for :memory:. */
  shared: boolean;
  /** Close every handle opened and delete the store. */
  dispose(): Promise<void>;
  /** How the store is opened, for code that opens a connection of its own (absent for :memory:). */
  options?: OpenStorageOptions;
}

export type FixtureFactory = () => Promise<StorageFixture>;

export const PG_SKIP_REASON = 'MAMORU_TEST_PG_URL not set: PostgreSQL suite skipped';

function tracking(openOne: () => Promise<Storage>, shared: boolean, cleanup: () => Promise<void>): StorageFixture {
  const opened: Storage[] = [];
  return {
    shared,
    async open() {
      const s = await openOne();
      opened.push(s);
      return s;
    },
    async dispose() {
      for (const s of opened) await s.close();
      if (opened.length > 0) await cleanup();
    },
  };
}

export const sqliteFile: FixtureFactory = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mamoru-test-'));
  const f = tracking(() => openStorage({ dataDir: dir }), true, () => Promise.resolve());
  return { ...f, options: { dataDir: dir }, dispose: async () => { await f.dispose(); await rm(dir, { recursive: true, force: true }); } };
};

export const sqliteMemory: FixtureFactory = () =>
  Promise.resolve(tracking(() => openStorage({ dataDir: 'unused', memory: true }), false, () => Promise.resolve()));

/** PostgreSQL in a fresh schema, or undefined when MAMORU_TEST_PG_URL is not set. */
export function postgresFactory(): FixtureFactory | undefined {
  const url = testServiceUrls().pg;
  if (!url) return undefined;
  return () => {
    const schema = `mamoru_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    return Promise.resolve({
      options: { dataDir: 'unused', databaseUrl: url, pgSchema: schema },
      ...tracking(() => openStorage({ dataDir: 'unused', databaseUrl: url, pgSchema: schema }), true, async () => {
        // A handle of its own: the test may have closed every handle it opened.
        const s = await openStorage({ dataDir: 'unused', databaseUrl: url, pgSchema: schema });
        try {
          await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(s.db);
        } finally {
          await s.close();
        }
      }),
    });
  };
}

/** Every store available in this environment: name → factory, or the reason it is skipped. */
export function storeMatrix(): Array<{ name: string; factory?: FixtureFactory; skip?: string }> {
  const pg = postgresFactory();
  return [
    { name: 'sqlite file', factory: sqliteFile },
    { name: 'sqlite :memory:', factory: sqliteMemory },
    pg ? { name: 'postgres', factory: pg } : { name: 'postgres', skip: PG_SKIP_REASON },
  ];
}
