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
import { verifyAuditLog } from './services/audit-log.ts';
import { reencryptAll } from './services/personal-data.ts';
import { Pii, type PiiKeys } from './security/pii.ts';
import { backupDatabase, restoreDatabase } from './store/backup.ts';
import fs from 'node:fs';
import { seedBase, seedDemo } from './services/seed.ts';
import { openCtx, serve } from './server.ts';
import { TEXT_HELP, textCommand } from './text/cli.ts';

const HELP = `fengqiao — 枫桥信访工作平台

  fengqiao serve [--demo-if-empty]      serve on PORT (default 3000); with the flag, an empty database gets the demo
  fengqiao migrate                      bring the database schema up to date
  fengqiao seed --demo [--matters N]    create the Foshan units, the demo users and N demo matters (default 300)
  fengqiao seed --base                  create the Foshan regions, units and categories only
  fengqiao user add --username U --name N --unit UNIT_CODE_OR_ID --roles handler,registrar --password P
  fengqiao audit verify                 verify every matter's audit hash chain and the security log; exit 1 when broken
  fengqiao audit export [--from DATE] [--to DATE]   the security audit log as JSON lines on standard output
  fengqiao keys rotate                  a new personal-data key becomes current; every stored value is re-encrypted
  fengqiao backup FILE                  a consistent copy of the database (SQLite online backup; pg_dump for PostgreSQL)
  fengqiao scenario foshan-2019         record the year of the seed report (matters, leader cases, campaigns, hearings …)
  fengqiao rates rebuild               recompute the rate facts (the four rates' rollup) from the event log
  fengqiao report annual --year Y --out FILE.docx|.pdf [--xlsx FILE.xlsx] [--region CODE]   the annual report from the records
  fengqiao report monthly --month YYYY-MM --out FILE.docx [--xlsx FILE.xlsx]           the monthly bulletin
  fengqiao restore FILE                 restore a backup into DATABASE_URL (an empty database)
${TEXT_HELP}
  fengqiao import FILE --preset P | --mapping M.json [--dry-run] [--json]   past records from .xlsx/.csv, with a validation report

Environment: DATABASE_URL (postgres://… or a SQLite path), PORT, FENGQIAO_KEY_FILE, LOG_LEVEL,
FENGQIAO_WORKERS (PostgreSQL: serve as that many processes on PORT, or auto; docs/OPERATIONS.md).`;

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help') { console.log(HELP); return 0; }
  if (cmd === 'serve') {
    await serve({ demoIfEmpty: argv.includes('--demo-if-empty') });
    return -1; // keep running
  }
  const config = loadConfig();
  if (cmd === 'restore') {
    // before anything opens (and migrates) the target database
    if (!sub) { console.error('restore needs a backup file'); return 2; }
    await restoreDatabase(config.databaseUrl, sub);
    console.log(`restored ${sub} into ${config.databaseUrl.replace(/\/\/[^@]*@/, '//')}`);
    return 0;
  }
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const ctx = await openCtx(config, log);
  try {
    const text = await textCommand(ctx, cmd, sub); // train, text reindex, text catchup (issue 7)
    if (text !== null) return text;
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
        if (sub === 'export') {
          const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' } } });
          let q = ctx.store.db.selectFrom('auditLog').selectAll().orderBy('id');
          if (values.from) q = q.where('at', '>=', values.from);
          if (values.to) q = q.where('at', '<=', `${values.to}T23:59:59.999Z`);
          for (const r of await q.execute()) process.stdout.write(`${JSON.stringify({ ...r, data: JSON.parse(r.data) as unknown })}\n`);
          return 0;
        }
        if (sub !== 'verify') break;
        const r = await verifyAudit(ctx);
        console.log(`audit: ${r.matters} matters, ${r.events} events checked; ${r.breaks.length} broken chains`);
        for (const b of r.breaks.slice(0, 50)) console.log(`  matter ${b.matterId} at event ${b.seq}: ${b.reason}`);
        const log = await verifyAuditLog(ctx.store.db);
        console.log(`security log: ${log.rows} entries; ${log.broken ? `broken at ${log.broken.id}: ${log.broken.reason}` : 'chain intact'}`);
        return r.breaks.length || log.broken ? 1 : 0;
      }
      case 'keys': {
        if (sub !== 'rotate') break;
        const keys = Pii.rotated(JSON.parse(fs.readFileSync(config.keyFile, 'utf8')) as PiiKeys);
        Pii.writeFile(config.keyFile, keys);
        const r = await reencryptAll(ctx, new Pii(keys));
        console.log(`key ${keys.current} is current; re-encrypted ${r.petitioners} petitioners and ${r.users} accounts`);
        return 0;
      }
      case 'backup': {
        if (!sub) break;
        await backupDatabase(ctx.store, sub);
        console.log(`backup written to ${sub}`);
        return 0;
      }
      case 'import': {
        const { runImportCommand } = await import('./import/command.ts');
        return await runImportCommand(ctx, [sub ?? '', ...rest].filter(Boolean));
      }
      case 'scenario':
      case 'report':
      case 'rates': {
        const { runReportCommand } = await import('./services/report-commands.ts');
        return await runReportCommand(ctx, cmd, sub, rest);
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
