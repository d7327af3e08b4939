// The storage port: open the configured store (SQLite by default, PostgreSQL when a URL is given), migrated
// and ready. Adapters are loaded on demand so a process only loads the driver it uses.
import { silentLogger, type Logger } from '../logger.js';
import type { OpenStorageOptions, Storage } from './storage.js';

export type { Database, MetaTable, IndicatorsTable, BrandsTable, SendersTable, AuditLogTable, MembersTable, ApiKeysTable, ReportMessagesTable, ReportsTable, IndicatorEvidenceTable, CampaignsTable, CampaignKeysTable, SenderType, SenderVetting } from './schema.js';
export type { SubscribersTable, ConsentTable, ConsentHistoryTable, ConsentStatus, ConsentSource, DeviceNoticesTable, DeviceActionsTable } from './schema.js';
export { toJsonText, fromJsonText } from './schema.js';
export type { Storage, StorageCapabilities, StorageDialect, OpenStorageOptions, StorageErrorDetails } from './storage.js';
export { isUniqueViolation } from './storage.js';
export { MIGRATIONS } from './migrations.js';

/** Open and migrate the store. `databaseUrl` selects PostgreSQL; otherwise SQLite at `<dataDir>/mamoru.db`
 * (or `:memory:` with `memory: true`). Driver failures throw AppError('STORAGE_FAILED'). */
export async function openStorage(opts: OpenStorageOptions, logger: Logger = silentLogger): Promise<Storage> {
  if (opts.databaseUrl) {
    const { openPostgresStorage } = await import('./postgres/postgres-storage.js');
    return openPostgresStorage({ databaseUrl: opts.databaseUrl, ...(opts.pgSchema ? { pgSchema: opts.pgSchema } : {}), ...(opts.relaxedDurability ? { relaxedDurability: true } : {}) }, logger);
  }
  const { openSqliteStorage } = await import('./sqlite/sqlite-storage.js');
  return openSqliteStorage({ dataDir: opts.dataDir, ...(opts.memory ? { memory: true } : {}), ...(opts.relaxedDurability ? { relaxedDurability: true } : {}) }, logger);
}
