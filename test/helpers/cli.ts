// The `mamoru` command as the CLI suites run it: a real process, and temporary directories removed after the file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after } from 'node:test';

export const BIN = resolve(import.meta.dirname, '../../bin/mamoru.js');

export interface Run { code: number | null; stdout: string; stderr: string }

/** A factory of temporary directories named `<prefix>…`, all removed when the test file ends. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
}

/**
 * Runs `mamoru …` and collects its output. The child gets the caller's environment minus any bus or store
 * settings (so a developer's shell, or a CI job with NATS or PostgreSQL, cannot change what is tested), with
 * MAMORU_LOG_LEVEL=warn and `env` on top; `stdin` is written and closed.
 */
export function mamoru(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^MAMORU_(BUS_|DATABASE_URL|PG_SCHEMA)/.test(k)));
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...base, MAMORU_LOG_LEVEL: 'warn', ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}
