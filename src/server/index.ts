// The server module: wiring (compose) and the Fastify app (buildApp) that `mamoru serve` listens with.
export { buildApp } from './app.js';
export { compose, type ComposeOptions, type Services } from './compose.js';
export { startDevicesRole, type DevicesRole } from './devices-role.js';
export { startStatsRole } from './stats-role.js';
