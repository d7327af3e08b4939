// One firewall decider thread: composes its own services from the configuration it is given (store connection,
// indicator index, verdict engine, filter settings, quarantine, decision log) and decides the batches of messages
// the proxy's thread posts, answering each batch in one message. See src/firewall/service/threaded-decider.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger, type Config } from '../core/index.js';
import type { DeciderReply, DeciderThreadMessage, DeciderThreadRequest } from '../firewall/index.js';
import { compose, type Services } from '../server/index.js';

const port = parentPort;
if (!port) throw new Error('firewall-decider-thread runs as a worker thread only');
const config = workerData as Config;
const logger = createLogger(config.log.level);
const send = (m: DeciderThreadMessage): void => port.postMessage(m);

let services: Services;
try {
  services = await compose(config, logger, { defaultMetrics: false, background: false });
} catch (e) {
  send({ kind: 'failed', error: e instanceof Error ? e.message : String(e) });
  throw e;
}
const decider = services.firewall;

// Answers go back as they are ready (a quarantined message waits for its store write), gathered per tick.
let answers: DeciderReply[] = [];
const flush = (): void => {
  const batch = answers;
  answers = [];
  send({ kind: 'answers', answers: batch });
};
const answer = (a: DeciderReply): void => {
  if (answers.push(a) === 1) setImmediate(flush);
};

port.on('message', (m: DeciderThreadRequest) => {
  if (m.kind === 'close') {
    void services.close().finally(() => port.close());
    return;
  }
  if (m.kind === 'metrics') {
    void services.metrics.getMetricsAsJSON().then((metrics) => send({ kind: 'metrics', id: m.id, metrics }));
    return;
  }
  for (const r of m.batch) {
    decider.decide(r.msg).then(
      (decision) => answer({ id: r.id, decision }),
      (e: unknown) => answer({ id: r.id, error: e instanceof Error ? e.message : String(e) }),
    );
  }
});
send({ kind: 'ready' });
