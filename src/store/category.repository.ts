/** The category dictionary as administrators keep it (categories table; `disabled` from 2026-11-26T2310). */
import './schema-admin.ts';
import { num, type Db } from './db.ts';

/** Whether a category may be given to a new petition: it exists and is not disabled. */
export async function isCategoryOffered(db: Db, code: string): Promise<boolean> {
  const r = await db.selectFrom('categories').select('disabled').where('code', '=', code).executeTakeFirst();
  return !!r && num(r.disabled) === 0;
}
