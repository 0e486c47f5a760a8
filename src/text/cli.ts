/**
 * CLI commands of text intelligence, for src/cli.ts to hook in:
 *   fengqiao train            train the category and unit classifiers on the handled matters (run it nightly)
 *   fengqiao text reindex     rebuild the search index from petitions and events
 *   fengqiao text catchup     index what was written since the last search (replies …)
 *   fengqiao text stats       count how common each index code is (the server's text job does it daily)
 * `textCommand` returns null for a command it does not know.
 */
import type { Ctx } from '../services/context.ts';
import { trainModels } from '../services/text-intel.ts';
import { catchUp, rebuildIndex } from '../services/text-search.ts';
import { refreshCodeStats } from './stats.ts';

export const TEXT_HELP = `  fengqiao train                        train the category and unit classifiers on handled matters (periodic retraining)
  fengqiao text reindex                 rebuild the full-text search index
  fengqiao text catchup                 index replies and petitions written since the last search
  fengqiao text stats                   count how common each search code is (repeat-check probes, search walk)`;

export async function textCommand(ctx: Ctx, cmd: string, sub?: string): Promise<number | null> {
  if (cmd === 'train') {
    const r = await trainModels(ctx);
    console.log(`trained: category on ${r.category} petitions, unit on ${r.unit} petitions`);
    return 0;
  }
  if (cmd === 'text' && sub === 'reindex') {
    const r = await rebuildIndex(ctx);
    console.log(`index rebuilt: ${r.petitions} petitions, ${r.events} event texts in ${r.ms} ms`);
    await refreshStats(ctx);
    return 0;
  }
  if (cmd === 'text' && sub === 'stats') {
    await refreshStats(ctx);
    return 0;
  }
  if (cmd === 'text' && sub === 'catchup') {
    const r = await catchUp(ctx);
    console.log(`indexed ${r.petitions} petitions, ${r.events} event texts`);
    return 0;
  }
  return null;
}

async function refreshStats(ctx: Ctx): Promise<void> {
  const s = await refreshCodeStats(ctx.store, ctx.now());
  console.log(`code statistics: ${s.codes} codes over the newest ${s.sample} documents`);
}
