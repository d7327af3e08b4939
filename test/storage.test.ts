// Runs the storage contract on every store available here (PostgreSQL only with MAMORU_TEST_PG_URL).
import { test } from 'node:test';
import { runStorageContract } from './storage-contract.js';
import { storeMatrix } from './storage-fixtures.js';

for (const store of storeMatrix()) {
  if (store.factory) runStorageContract(store.name, store.factory);
  else void test(`storage contract: ${store.name}`, (t) => t.skip(store.skip));
}
