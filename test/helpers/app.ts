// Builds the real app (compose + buildApp) on an in-memory SQLite store for HTTP tests.
import type { FastifyInstance } from 'fastify';
import { loadConfig, silentLogger, type ConfigOverrides } from '../../src/core/index.js';
import { buildApp, compose, type Services } from '../../src/server/index.js';

export async function testApp(overrides: ConfigOverrides = {}): Promise<{ app: FastifyInstance; services: Services; close(): Promise<void> }> {
  const config = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, ...overrides } });
  const services = await compose(config, silentLogger, { memory: true, defaultMetrics: false });
  const app = await buildApp(config, services, silentLogger);
  await app.ready();
  return {
    app,
    services,
    async close() {
      await app.close();
      await services.close();
    },
  };
}
