/**
 * PostgreSQL: a search document's text and codes stay in its row (`storage main`), compressed with LZ4 where the
 * server has it.
 *
 * Why: with the default storage (`extended`), a row over 2 kB has its longest value moved out of line into the TOAST
 * table. A petition's codes are about 1 kB and its text often as much or more, so about half the bodies lived there
 * (855 MB of TOAST beside 1,146 MB of rows at 1,000,000 petitions). A search for three or more characters checks
 * each candidate's text for adjacency, and each out-of-line body cost a TOAST index descent and a page or two more:
 * 2,200 of a slow statement's 3,300 buffers, half its time (docs/TEXT.md). `main` keeps the values in the row,
 * compressed if the row is over 2 kB, and moves them out only when the row would not fit on a page (8 kB). The short
 * columns (kind, date, region and category codes) become `plain`: with every long value `main`, a row over 2 kB would
 * otherwise have them moved out of line, the only values left that may be, and its date read from the TOAST table.
 *
 * Rows written before keep their storage until rewritten (`fengqiao text reindex`, or `vacuum full text_docs`).
 * SQLite: nothing (its rows have no such limit).
 */
import { sql, PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const lz4 = (await sql<{ ok: boolean }>`select 'lz4' = any(enumvals) as ok from pg_settings where name = 'default_toast_compression'`.execute(db)).rows[0]?.ok;
  await sql`alter table text_docs alter column title set storage main, alter column body set storage main, alter column codes set storage main,
    alter column tokens set storage main, alter column kind set storage plain, alter column received_at set storage plain,
    alter column region_code set storage plain, alter column category_code set storage plain`.execute(db);
  if (lz4) await sql`alter table text_docs alter column title set compression lz4, alter column body set compression lz4, alter column codes set compression lz4`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table text_docs alter column title set storage extended, alter column body set storage extended, alter column codes set storage extended,
    alter column tokens set storage extended, alter column kind set storage extended, alter column received_at set storage extended,
    alter column region_code set storage extended, alter column category_code set storage extended`.execute(db);
  await sql`alter table text_docs alter column title set compression default, alter column body set compression default, alter column codes set compression default`.execute(db);
}
