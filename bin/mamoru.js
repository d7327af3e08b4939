#!/usr/bin/env node
// The `mamoru` command. TypeScript sources run through tsx's loader, so there is no build step between
// `npm ci` and `npm start`. A command that needs V8 flags Node was not started with (bin/node-flags.js) runs in a
// child process that has them; this one passes signals on and exits as the child did, and the child stops (as on
// SIGTERM) when this one goes away, so a supervisor that kills only this process leaves nothing behind.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { missingNodeFlags } from './node-flags.js';

// On Windows a signal cannot be passed on (kill() terminates at once), and under --inspect the debugger is attached
// to this process: then commands run here, without the flags.
const inspecting = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith('--inspect'));
const inPlace = process.platform === 'win32' || inspecting;
const flags = inPlace ? [] : missingNodeFlags(process.argv[2]);
if (flags.length > 0) {
  const child = spawn(process.execPath, [...process.execArgv, ...flags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, MAMORU_LAUNCHER_PID: String(process.pid) },
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const s of signals) process.on(s, forward);
  child.on('error', (e) => {
    process.stderr.write(`mamoru: INTERNAL: could not start node: ${e.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else {
  const launcher = process.env.MAMORU_LAUNCHER_PID;
  delete process.env.MAMORU_LAUNCHER_PID;
  if (process.send && launcher) {
    // Started by the lines above: when that process is gone (killed without passing a signal on), stop as on SIGTERM
    // — at once if it went while this one was starting.
    process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
    process.channel?.unref();
    if (String(process.ppid) !== launcher) process.nextTick(() => process.kill(process.pid, 'SIGTERM'));
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
