/**
 * The `fengqiao` command: serve, migrate, seed, user add, audit verify.
 * Reads DATABASE_URL like the server (default ./data/fengqiao.db).
 */
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from './config.ts';
import { DomainError } from './domain/errors.ts';
import type { Role } from './domain/types.ts';
import { createLogger } from './log.ts';
import { addUser } from './services/auth.ts';
import { verifyAudit } from './services/audit-verify.ts';
import { seedBase, seedDemo } from './services/seed.ts';
import { openCtx, serve } from './server.ts';

const HELP = `fengqiao — 枫桥信访工作平台

  fengqiao serve [--demo-if-empty]      serve on PORT (default 3000); with the flag, an empty database gets the demo
  fengqiao migrate                      bring the database schema up to date
  fengqiao seed --demo [--matters N]    create the Foshan units, the demo users and N demo matters (default 300)
  fengqiao seed --base                  create the Foshan regions, units and categories only
  fengqiao user add --username U --name N --unit UNIT_CODE_OR_ID --roles handler,registrar --password P
  fengqiao audit verify                 verify every matter's audit hash chain; exit 1 when a chain is broken

Environment: DATABASE_URL (postgres://… or a SQLite path), PORT, FENGQIAO_KEY_FILE, LOG_LEVEL.`;

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help') { console.log(HELP); return 0; }
  if (cmd === 'serve') {
    await serve({ demoIfEmpty: argv.includes('--demo-if-empty') });
    return -1; // keep running
  }
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const ctx = await openCtx(config, log);
  try {
    switch (cmd) {
      case 'migrate':
        console.log('schema up to date');
        return 0;
      case 'seed': {
        const { values } = parseArgs({ args: [sub ?? '', ...rest].filter(Boolean), options: { demo: { type: 'boolean' }, base: { type: 'boolean' }, matters: { type: 'string' } } });
        if (values.demo) {
          const s = await seedDemo(ctx, { matters: values.matters ? Number(values.matters) : undefined });
          console.log(`demo: ${s.users} users, ${s.matters} petitions`, s.byStatus);
        } else {
          const s = await seedBase(ctx);
          console.log(`base data: ${s.units} units created`);
        }
        return 0;
      }
      case 'user': {
        if (sub !== 'add') break;
        const { values } = parseArgs({ args: rest, options: { username: { type: 'string' }, name: { type: 'string' }, unit: { type: 'string' }, roles: { type: 'string' }, password: { type: 'string' } } });
        const unit = ctx.org().units.find((u) => u.code === values.unit || String(u.id) === values.unit);
        if (!values.username || !values.password || !values.roles || !unit) {
          console.error('user add needs --username, --password, --roles and an existing --unit (code or id)');
          return 2;
        }
        const id = await addUser(ctx, { username: values.username, name: values.name ?? values.username, unitId: unit.id, roles: values.roles.split(',') as Role[], password: values.password });
        console.log(`user ${values.username} created (id ${id}) in ${unit.name}`);
        return 0;
      }
      case 'audit': {
        if (sub !== 'verify') break;
        const r = await verifyAudit(ctx);
        console.log(`audit: ${r.matters} matters, ${r.events} events checked; ${r.breaks.length} broken chains`);
        for (const b of r.breaks.slice(0, 50)) console.log(`  matter ${b.matterId} at event ${b.seq}: ${b.reason}`);
        return r.breaks.length ? 1 : 0;
      }
    }
    console.error(`unknown command: ${argv.join(' ')}\n\n${HELP}`);
    return 2;
  } finally {
    await ctx.store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => { if (code >= 0) process.exit(code); },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof DomainError) console.error(`fengqiao: ${err.message}`);
    else console.error(err);
    process.exit(1);
  },
);
