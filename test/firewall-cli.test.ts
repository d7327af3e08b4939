// `mamoru firewall` refuses to start on an incomplete configuration, naming what is missing, and `mamoru config`
// never prints the peers' or the SMSC's passwords.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { mamoru, tempDirs } from './helpers/cli.js';

describe('mamoru firewall (CLI)', { concurrency: true }, () => {
  const temp = tempDirs('mamoru-fw-cli-');
  const configFile = (firewall: Record<string, unknown>) => {
    const dir = temp();
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ storage: { dataDir: dir }, firewall }));
    return file;
  };

  test('without an upstream SMSC: VALIDATION_FAILED naming firewall.upstream, exit 1', async () => {
    const r = await mamoru(['firewall', '--config', configFile({ peers: [{ systemId: 'esme1', password: 'pw1' }] })]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /VALIDATION_FAILED: firewall\.upstream is not set/);
  });

  test('without peers: VALIDATION_FAILED naming firewall.peers, exit 1', async () => {
    const r = await mamoru(['firewall', '--config', configFile({ upstream: { host: '127.0.0.1', port: 2775, systemId: 'mamoru', password: 'pw' } })]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /firewall\.peers is empty/);
  });

  test('a bad firewall setting is refused with the key named (a configuration error: exit 2, as for every command)', async () => {
    const r = await mamoru(['firewall', '--config', configFile({ onBlock: 'explode' })]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /CONFIG_INVALID.*firewall\.onBlock/s);
  });

  test('mamoru config masks the SMSC and peer passwords', async () => {
    const r = await mamoru(['config', '--config', configFile({ upstream: { host: '127.0.0.1', port: 2775, systemId: 'mamoru', password: 'topsecr' }, peers: [{ systemId: 'esme1', password: 'peerpw1' }] })]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /topsecr|peerpw1/);
    assert.match(r.stdout, /\*\*\*/);
  });
});
