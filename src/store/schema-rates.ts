/** The rate facts of issue 5 (migration 2026-11-26T2330-rate-facts): the rollup tables and the matters' pieces. */
export interface RateRollupTable { receivedDay: string; changeDay: string; unitId: number; bucket: string; n: number }
export interface RateRollupMonthTable { receivedMonth: string; changeMonth: string; unitId: number; bucket: string; n: number }

declare module './schema.ts' {
  interface Database {
    rateRollup: RateRollupTable;
    rateRollupMonth: RateRollupMonthTable;
  }
  interface MattersTable {
    /** JSON pieces (services/rate-facts.ts); null while no one has acted on the matter */
    ratePieces: string | null;
  }
}
