// V8 flags a mamoru command runs with, which can only be given on Node's command line (setting them once the
// process runs has no effect on the heap's layout).
//
// The firewall proxy allocates over 12 KB per message (text, verdict, reasons) at thousands of messages a second.
// With Node's default young generation (16 MB semispaces) that is a scavenge every ~150 ms, each pausing the proxy
// for 1–5 ms; at 5,000 submit_sm/s on two vCPUs the added p99 latency was within 5 ms in 7 of 18 runs with it and
// in 15 of 21 with a 64 MB semispace (docs/performance.md): a quarter as many pauses, fewer short-lived objects
// promoted.

/** Extra Node flags per command. */
export const COMMAND_NODE_FLAGS = {
  firewall: ['--max-semi-space-size=64'],
};

/**
 * The flags `command` should run with that this process lacks (none when the operator already set a semispace
 * size, on the command line or in NODE_OPTIONS: theirs wins).
 */
export function missingNodeFlags(command, execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '') {
  const wanted = COMMAND_NODE_FLAGS[command] ?? [];
  // V8 takes --a_b as --a-b: compare flag names with underscores made dashes.
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/)].map((g) => g.split('=')[0].replaceAll('_', '-')));
  return wanted.filter((flag) => !given.has(flag.split('=')[0]));
}
