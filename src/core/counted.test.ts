import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { LabeledCounter } from './counted.js';

test('a LabeledCounter shows its children\'s counts at every scrape, each increment once', async () => {
  const registry = new Registry();
  const c = new LabeledCounter({ name: 't_total', help: 'test', labelNames: ['action', 'direction'], registers: [registry] });
  const allowed = c.child('allow', 'in');
  allowed.inc();
  allowed.inc(2);
  c.child('block', 'out').inc();
  assert.equal(c.child('allow', 'in'), allowed, 'one child per label set');
  const values = async () => (await registry.getMetricsAsJSON())[0]!.values.map((v) => [v.labels.action, v.labels.direction, v.value]);
  assert.deepEqual(await values(), [['allow', 'in', 3], ['block', 'out', 1]]);
  // A second scrape adds nothing that was already reported; new increments appear once.
  assert.deepEqual(await values(), [['allow', 'in', 3], ['block', 'out', 1]]);
  allowed.inc();
  assert.match(await registry.metrics(), /t_total\{action="allow",direction="in"\} 4/);
});
