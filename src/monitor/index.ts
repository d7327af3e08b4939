// The monitor: roll-ups of verdicts and reports kept up as events arrive, the public statistics and gallery, the
// operator console's data, and the built web pages (the public scam-SMS monitor and the console).
export { HyperLogLog } from './hll.js';
export { RollupBuffer, isScam, fromPersonalLine, invalidReason, type Dim } from './rollup.js';
export { StatsStore } from './stats.store.js';
export { StatsService, type LiveSnapshot } from './stats.service.js';
export { StatsWorker, type StatsWorkerOptions } from './stats.worker.js';
export { LiveFeed } from './live-feed.js';
export { statsRoutes, type StatsRoutesOptions } from './stats.routes.js';
export { consoleRoutes, type ConsoleRoutesOptions } from './console.routes.js';
export { webRoutes, loadWebFiles, PAGE_CSP, WEB_DIST } from './web.routes.js';
export { maskForPublic, defang } from './public-text.js';
export { galleryItems, type GalleryItem } from './gallery.js';
export { reportIntakeRecorder } from './intake.js';
