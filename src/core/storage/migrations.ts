// The one list of schema migrations, applied with Kysely's Migrator on both stores. Later modules append
// entries here; names sort in application order, so keep the four-digit prefix. A migration uses the schema
// builder only (no dialect-specific SQL), because the same code runs on SQLite and PostgreSQL.
import type { Migration, MigrationProvider } from 'kysely';
import * as core0001 from './migrations/0001-core.js';
import * as access0002 from './migrations/0002-access.js';
import * as reports0003 from './migrations/0003-reports.js';
import * as evidence0004 from './migrations/0004-evidence.js';
import * as campaigns0005 from './migrations/0005-campaigns.js';
import * as subscribers0006 from './migrations/0006-subscribers.js';
import * as devices0007 from './migrations/0007-devices.js';
import * as monitor0008 from './migrations/0008-monitor.js';
import * as firewall0009 from './migrations/0009-firewall.js';
import * as filterSettings0010 from './migrations/0010-filter-settings-changed.js';
import * as settingsPage0011 from './migrations/0011-settings-page.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-core': core0001,
  '0002-access': access0002,
  '0003-reports': reports0003,
  '0004-evidence': evidence0004,
  '0005-campaigns': campaigns0005,
  '0006-subscribers': subscribers0006,
  '0007-devices': devices0007,
  '0008-monitor': monitor0008,
  '0009-firewall': firewall0009,
  '0010-filter-settings-changed': filterSettings0010,
  '0011-settings-page': settingsPage0011,
});

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
