// Builds the real app (compose + buildApp) on an in-memory SQLite store for HTTP tests.
import type { FastifyInstance } from 'fastify';
import { loadConfig, silentLogger, type Config, type ConfigOverrides } from '../../src/core/index.js';
import { buildApp, compose, type ComposeOptions, type Services } from '../../src/server/index.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  /** The validated config the app was built from (for roles such as startStatsRole). */
  config: Readonly<Config>;
  close(): Promise<void>;
}

/** `compose` options a suite may set: a clock of its own (e.g. a ManualClock, for fixed time buckets). */
export type TestComposeOptions = Pick<ComposeOptions, 'clock'>;

export async function testApp(overrides: ConfigOverrides = {}, opts: TestComposeOptions = {}): Promise<TestApp> {
  const config = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, ...overrides } });
  const services = await compose(config, silentLogger, { ...opts, memory: true, defaultMetrics: false });
  const app = await buildApp(config, services, silentLogger);
  await app.ready();
  return {
    app,
    services,
    config,
    async close() {
      await app.close();
      await services.close();
    },
  };
}
