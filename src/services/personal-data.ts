/**
 * Personal data beyond the mask: revealing a petitioner's ID number and phone to a role that may see them, with
 * the reason written to the security audit log; and re-encrypting every stored value after a key rotation.
 */
import { DomainError, notFound } from '../domain/errors.ts';
import type { Role } from '../domain/types.ts';
import type { Pii } from '../security/pii.ts';
import { num } from '../store/db.ts';
import { visibleTo } from '../store/matter.repository.ts';
import { recordAudit } from './audit-log.ts';
import type { Ctx } from './context.ts';

/** Who may see a petitioner's full ID number and phone (DOMAIN.md §8: exported only by permission). */
export const MAY_REVEAL: readonly Role[] = ['registrar', 'handler', 'leader'];

export async function revealPetitioner(ctx: Ctx, actor: { userId: number; unitId: number; roles: readonly Role[] }, petitionId: number, position: number, reason: string) {
  if (!actor.roles.some((r) => MAY_REVEAL.includes(r))) throw new DomainError('FORBIDDEN', '当前角色无权查看完整个人信息');
  if (reason.trim().length < 4) throw new DomainError('BAD_INPUT', '请说明查看完整个人信息的理由', { field: 'reason' });
  const row = await ctx.store.db
    .selectFrom('petitioners')
    .innerJoin('petitions', 'petitions.id', 'petitioners.petitionId')
    .innerJoin('matters', 'matters.id', 'petitions.matterId')
    .select(['petitioners.id', 'petitioners.name', 'petitioners.idEnc', 'petitioners.phoneEnc', 'petitions.matterId'])
    .where('petitioners.petitionId', '=', petitionId)
    .where('petitioners.position', '=', position)
    .where(visibleTo(ctx.org(), actor))
    .executeTakeFirst();
  if (!row) throw notFound('信访人');
  await recordAudit(ctx, { actorUserId: actor.userId, action: 'pii.reveal', target: `petition:${petitionId}/${position}`, data: { reason: reason.trim(), matterId: num(row.matterId) } });
  return {
    name: row.name,
    idNumber: row.idEnc ? ctx.pii.decrypt(row.idEnc) : null,
    phone: row.phoneEnc ? ctx.pii.decrypt(row.phoneEnc) : null,
  };
}

/** Re-encrypts, a batch at a time, every value not under the current key. Safe to run again after an interruption. */
export async function reencryptAll(ctx: Ctx, pii: Pii = ctx.pii): Promise<{ petitioners: number; users: number }> {
  const db = ctx.store.db;
  const current = pii.currentKeyId;
  const again = (v: string | null) => (v && pii.keyIdOf(v) !== current ? pii.encrypt(pii.decrypt(v)) : v);
  let petitioners = 0;
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('petitioners').select(['id', 'idEnc', 'phoneEnc']).where('id', '>', after).orderBy('id').limit(1000).execute();
    if (!rows.length) break;
    await ctx.store.write(async (tx) => {
      for (const r of rows) {
        const idEnc = again(r.idEnc);
        const phoneEnc = again(r.phoneEnc);
        if (idEnc !== r.idEnc || phoneEnc !== r.phoneEnc) {
          await tx.updateTable('petitioners').set({ idEnc, phoneEnc }).where('id', '=', r.id).execute();
          petitioners++;
        }
      }
    });
    after = num(rows[rows.length - 1]!.id);
  }
  let users = 0;
  for (const u of await db.selectFrom('users').select(['id', 'totpSecretEnc']).where('totpSecretEnc', 'is not', null).execute()) {
    const raw = u.totpSecretEnc!;
    const pending = raw.startsWith('pending:');
    const value = pending ? raw.slice('pending:'.length) : raw;
    const next = again(value);
    if (next !== value) {
      await db.updateTable('users').set({ totpSecretEnc: pending ? `pending:${next}` : next }).where('id', '=', u.id).execute();
      users++;
    }
  }
  await recordAudit(ctx, { actorUserId: null, action: 'keys.reencrypt', data: { keyId: current, petitioners, users } });
  return { petitioners, users };
}
