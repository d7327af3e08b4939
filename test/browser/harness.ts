// The browser suites' harness: a `mamoru demo` process (a small simulated store, served with a live trickle of
// simulated traffic) and Debian's Chromium driven by playwright-core. Without a Chromium binary the suites skip
// with the reason.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BIN } from '../helpers/cli.js';

export const CHROMIUM = process.env.MAMORU_CHROMIUM ?? '/usr/bin/chromium';
export const skipReason = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (install the chromium package, or set MAMORU_CHROMIUM)`;

export interface Demo { url: string; key: string; stop(): Promise<void> }

/** Starts `mamoru demo` on a free port with a fresh store; resolves once it prints its address and key. */
export async function startDemo(args: string[] = ['--subscribers', '3000', '--days', '7', '--live-rate', '100']): Promise<Demo> {
  const dir = mkdtempSync(join(tmpdir(), 'mamoru-browser-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAMORU_')));
  const child: ChildProcess = spawn(process.execPath, [BIN, 'demo', '--data', dir, '--port', '0', '--host', '127.0.0.1', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = await new Promise<{ url: string; key: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start in 120 s:\n${out}\n${err}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /monitor: (http:\/\/\S+?)\/\n/.exec(out)?.[1];
      const key = /analyst key: (mk_[A-Za-z0-9_-]+)/.exec(out)?.[1];
      if (url && key) {
        clearTimeout(timer);
        resolve({ url, key });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${String(code)}:\n${out}\n${err}`));
    });
  });
  return {
    ...ready,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Console errors, page errors and CSP violations collected while a page lives. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}
