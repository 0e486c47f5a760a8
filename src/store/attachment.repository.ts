/** Attachments (issue 4): joining uploaded files to a petition inside the registration's transaction. */
import './schema-portal.ts';
import { DomainError } from '../domain/errors.ts';
import { num } from './db.ts';
import type { Tx } from './matter.repository.ts';

export const MAX_ATTACHMENTS_PER_PETITION = 5;

/**
 * Claims the uploaded files named by their tokens for a petition. Each token is claimed once: a token that is
 * unknown, already joined elsewhere or taken by a concurrent submission makes the whole registration fail (422),
 * so a petition never lands with only some of its files.
 */
export async function claimAttachments(tx: Tx, tokens: readonly string[] | undefined, petitionId: number, matterId: number): Promise<void> {
  if (!tokens?.length) return;
  const unique = [...new Set(tokens)];
  if (unique.length > MAX_ATTACHMENTS_PER_PETITION) {
    throw new DomainError('ATTACHMENT_INVALID', `附件最多 ${MAX_ATTACHMENTS_PER_PETITION} 个`, { field: 'attachments', max: MAX_ATTACHMENTS_PER_PETITION });
  }
  const res = await tx.updateTable('attachments').set({ petitionId, matterId })
    .where('token', 'in', unique).where('petitionId', 'is', null).where('matterId', 'is', null).executeTakeFirst();
  if (num(res.numUpdatedRows) !== unique.length) {
    throw new DomainError('ATTACHMENT_INVALID', '附件已失效或已被使用，请重新上传', { field: 'attachments' });
  }
}
