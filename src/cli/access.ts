// `mamoru members …` and `mamoru keys …`: the local administration of who may call the API. Run on the machine
// that holds the store (file access is the authority); every change is written to the audit log.
import type { Command } from 'commander';
import { AccessService, AuditLog, MEMBER_KINDS, openStorage, systemClock, type Config, type MemberKind, type Role } from '../core/index.js';

async function withAccess<T>(config: Readonly<Config>, fn: (access: AccessService, audit: AuditLog) => Promise<T>): Promise<T> {
  const storage = await openStorage({ dataDir: config.storage.dataDir, databaseUrl: config.storage.databaseUrl });
  try {
    return await fn(new AccessService(storage.db, systemClock), new AuditLog(storage.db, systemClock));
  } finally {
    await storage.close();
  }
}

export function accessCommands(program: Command, load: (opts: { config?: string; data?: string }) => Readonly<Config>, run: (fn: () => Promise<void>) => Promise<void>): void {
  const members = program.command('members').description('members of the sharing community (carriers, MVNOs, aggregators, police, vendors, the hub)');
  members
    .command('add')
    .description('add a member')
    .argument('<name>', 'unique name, e.g. carrier-a')
    .requiredOption('--kind <kind>', `one of ${MEMBER_KINDS.join(', ')}`)
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .option('-c, --config <file>', 'JSON config file')
    .action((name: string, opts: { kind: string; data?: string; config?: string }) =>
      run(() => withAccess(load(opts), async (access, audit) => {
        const m = await access.addMember(name, opts.kind as MemberKind);
        await audit.record({ actor: 'cli', action: 'members.add', target: m.id, purpose: 'access administration', details: { name: m.name, kind: m.kind } });
        process.stdout.write(`${JSON.stringify(m)}\n`);
      })),
    );
  members
    .command('list')
    .description('list members')
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .option('-c, --config <file>', 'JSON config file')
    .action((opts: { data?: string; config?: string }) =>
      run(() => withAccess(load(opts), async (access) => {
        for (const m of await access.members()) process.stdout.write(`${JSON.stringify(m)}\n`);
      })),
    );

  const keys = program.command('keys').description("members' API keys (stored hashed; shown once at creation)");
  keys
    .command('create')
    .description('create a key and print it once')
    .requiredOption('--member <name>', 'member name')
    .requiredOption('--role <role>', 'member, analyst, police or admin')
    .option('--label <text>', 'what the key is for')
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .option('-c, --config <file>', 'JSON config file')
    .action((opts: { member: string; role: string; label?: string; data?: string; config?: string }) =>
      run(() => withAccess(load(opts), async (access, audit) => {
        const m = await access.memberByName(opts.member);
        const { key, info } = await access.createKey(m.id, opts.role as Role, opts.label ?? null);
        await audit.record({ actor: 'cli', action: 'keys.create', target: info.id, purpose: 'access administration', details: { member: m.name, role: info.role, prefix: info.prefix } });
        process.stderr.write('store this key now: it is not shown again\n');
        process.stdout.write(`${key}\n`);
      })),
    );
  keys
    .command('list')
    .description('list keys (prefix, role, state; never the key)')
    .option('--member <name>', 'only this member')
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .option('-c, --config <file>', 'JSON config file')
    .action((opts: { member?: string; data?: string; config?: string }) =>
      run(() => withAccess(load(opts), async (access) => {
        const memberId = opts.member ? (await access.memberByName(opts.member)).id : undefined;
        for (const k of await access.keys(memberId)) process.stdout.write(`${JSON.stringify(k)}\n`);
      })),
    );
  keys
    .command('revoke')
    .description('revoke a key (effective within 30 s on running servers)')
    .argument('<id>', 'key id from `mamoru keys list`')
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .option('-c, --config <file>', 'JSON config file')
    .action((id: string, opts: { data?: string; config?: string }) =>
      run(() => withAccess(load(opts), async (access, audit) => {
        await access.revokeKey(id);
        await audit.record({ actor: 'cli', action: 'keys.revoke', target: id, purpose: 'access administration' });
        process.stdout.write(`revoked ${id}\n`);
      })),
    );
}
