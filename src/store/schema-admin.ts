/** Columns added by 2026-11-26T2310-admin-categories (module augmentation of schema.ts). */
import type { Generated } from 'kysely';

declare module './schema.ts' {
  interface CategoriesTable {
    disabled: Generated<number>;
  }
}
