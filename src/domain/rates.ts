/** The assessment rates of DOMAIN.md §6: percentages with two decimals; null when nothing is counted. */
export interface Rate {
  rate: number | null;
  numerator: number;
  denominator: number;
}

export function rate(numerator: number, denominator: number): Rate {
  return { rate: denominator === 0 ? null : Math.round((numerator * 10000) / denominator) / 100, numerator, denominator };
}

export interface RateCounts {
  decidedOnTime: number;
  decidedLate: number;
  undecidedOverdue: number;
  repliedOnTime: number;
  repliedLate: number;
  unrepliedOverdue: number;
  evaluated: number;
  evaluationLapsed: number;
  satisfiedOrBasically: number;
}

export function fourRates(c: RateCounts) {
  return {
    timelyAcceptance: rate(c.decidedOnTime, c.decidedOnTime + c.decidedLate + c.undecidedOverdue),
    onTimeCompletion: rate(c.repliedOnTime, c.repliedOnTime + c.repliedLate + c.unrepliedOverdue),
    participation: rate(c.evaluated, c.evaluated + c.evaluationLapsed),
    satisfaction: rate(c.satisfiedOrBasically, c.evaluated),
  };
}
