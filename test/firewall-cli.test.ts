// `mamoru firewall` refuses to start on an incomplete configuration, naming what is missing, and `mamoru config`
// never prints the peers' or the SMSC's passwords. It runs with the young generation it needs (a child process
// with the flag) and stops cleanly on SIGTERM through it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { missingNodeFlags } from '../bin/node-flags.js';
import { BIN, mamoru, tempDirs } from './helpers/cli.js';

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

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

  /** `mamoru firewall` through the launcher, its SMSC unreachable (it runs, unhealthy), with its metrics port. */
  const launch = async () => {
    const [metrics, listen, nobody] = await Promise.all([freePort(), freePort(), freePort()]);
    const file = configFile({
      listen: { host: '127.0.0.1', port: listen }, metricsListen: { host: '127.0.0.1', port: metrics },
      upstream: { host: '127.0.0.1', port: nobody, systemId: 'mamoru', password: 'pw' }, peers: [{ systemId: 'esme1', password: 'pw1' }],
    });
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAMORU_') && k !== 'NODE_OPTIONS'));
    return { wrapper: spawn(process.execPath, [BIN, 'firewall', '--config', file], { env: { ...env, MAMORU_LOG_LEVEL: 'warn' }, stdio: 'ignore' }), metrics };
  };

  test('the launcher adds the firewall\'s young-generation flag unless the operator set one', () => {
    assert.deepEqual(missingNodeFlags('firewall', [], ''), ['--max-semi-space-size=64']);
    assert.deepEqual(missingNodeFlags('firewall', ['--max-semi-space-size=32'], ''), []);
    assert.deepEqual(missingNodeFlags('firewall', [], '--max_semi_space_size=128 --trace-gc'), []);
    assert.deepEqual(missingNodeFlags('serve', [], ''), []);
  });

  test('runs in a child with the flag, serves its health endpoint, and exits 0 on SIGTERM with the child gone', { skip: existsSync('/proc/self/task') ? false : 'needs /proc to find the child process' }, async () => {
    const { wrapper, metrics } = await launch();
    try {
      let health = 0;
      for (let i = 0; i < 300 && health === 0; i++) {
        health = await fetch(`http://127.0.0.1:${metrics}/healthz`).then((r) => r.status, () => 0);
        if (health === 0) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(health, 503, 'running, and unhealthy while the SMSC cannot be reached');
      const children = readFileSync(`/proc/${wrapper.pid}/task/${wrapper.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      assert.equal(children.length, 1);
      const cmdline = readFileSync(`/proc/${children[0]}/cmdline`, 'utf8').split('\0');
      assert.ok(cmdline.includes('--max-semi-space-size=64'), cmdline.join(' '));
      const exited = once(wrapper, 'exit');
      wrapper.kill('SIGTERM');
      const [code, signal] = (await exited) as [number | null, string | null];
      assert.deepEqual([code, signal], [0, null]);
      assert.equal(existsSync(`/proc/${children[0]}`), false, 'the proxy process is gone');
    } finally {
      wrapper.kill('SIGKILL');
    }
  });

  test('when the launcher is killed outright (no signal passed on), the proxy stops by itself', { skip: existsSync('/proc/self/task') ? false : 'needs /proc to find the child process' }, async () => {
    const { wrapper, metrics } = await launch();
    let child = '';
    try {
      for (let i = 0; i < 300 && child === ''; i++) {
        const up = await fetch(`http://127.0.0.1:${metrics}/healthz`).then(() => true, () => false);
        if (up) child = readFileSync(`/proc/${wrapper.pid}/task/${wrapper.pid}/children`, 'utf8').trim();
        else await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(child, /^\d+$/);
      wrapper.kill('SIGKILL');
      for (let i = 0; i < 100 && existsSync(`/proc/${child}/cmdline`) && readFileSync(`/proc/${child}/cmdline`, 'utf8') !== ''; i++) await new Promise((r) => setTimeout(r, 100));
      const gone = !existsSync(`/proc/${child}/cmdline`) || readFileSync(`/proc/${child}/cmdline`, 'utf8') === '';
      assert.ok(gone, 'the orphaned proxy stopped');
    } finally {
      wrapper.kill('SIGKILL');
      if (child) try { process.kill(Number(child), 'SIGKILL'); } catch { /* already gone */ }
    }
  });
});
