/**
 * The organisation as the rules see it: units in a tree, each in a region (GB/T 2260 codes).
 * Pure and in memory: the whole of a city's units is a few hundred rows, loaded once and refreshed on change.
 *
 * Visibility (DOMAIN.md §2): a unit sees the matters it holds, registered or routed by it, and those of the
 * units below it; a petition bureau sees every unit of its region. An accusation (检举控告) is never visible to
 * the unit it accuses or to any unit below that one (DOMAIN.md §8).
 */
import type { Unit } from './types.ts';

/** A region code contains another when the other lies within it: 440606 contains 440606005; 440600 contains 440606. */
export function regionContains(outer: string, inner: string): boolean {
  const o = outer.replace(/(00)+$/, '');
  return inner.startsWith(o);
}

export class OrgView {
  private readonly byId = new Map<number, Unit>();
  private readonly children = new Map<number, Unit[]>();
  private readonly scopeCache = new Map<number, number[]>();

  constructor(readonly units: readonly Unit[]) {
    for (const u of units) this.byId.set(u.id, u);
    for (const u of units) {
      if (u.parentId === null) continue;
      const list = this.children.get(u.parentId) ?? [];
      list.push(u);
      this.children.set(u.parentId, list);
    }
  }

  unit(id: number): Unit | undefined {
    return this.byId.get(id);
  }

  /** The unit and every unit above it, nearest first. */
  ancestorsOrSelf(id: number): Unit[] {
    const out: Unit[] = [];
    let u = this.byId.get(id);
    while (u && out.length < 64) {
      out.push(u);
      u = u.parentId === null ? undefined : this.byId.get(u.parentId);
    }
    return out;
  }

  isAncestorOrSelf(ancestorId: number, id: number): boolean {
    return this.ancestorsOrSelf(id).some((u) => u.id === ancestorId);
  }

  descendantsOrSelf(id: number): Unit[] {
    const out: Unit[] = [];
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop()!;
      const u = this.byId.get(cur);
      if (!u) continue;
      out.push(u);
      for (const c of this.children.get(cur) ?? []) stack.push(c.id);
    }
    return out;
  }

  /** The ids of the units whose matters a user of this unit may see. */
  scopeUnitIds(unitId: number): number[] {
    const hit = this.scopeCache.get(unitId);
    if (hit) return hit;
    const unit = this.byId.get(unitId);
    const ids = new Set<number>();
    if (unit) {
      for (const d of this.descendantsOrSelf(unitId)) ids.add(d.id);
      if (unit.kind === 'bureau') {
        for (const u of this.units) {
          if (regionContains(unit.regionCode, u.regionCode)) {
            for (const d of this.descendantsOrSelf(u.id)) ids.add(d.id);
          }
        }
      }
    }
    const list = [...ids].sort((a, b) => a - b);
    this.scopeCache.set(unitId, list);
    return list;
  }

  /** Whether a user of this unit sees the matters of every unit (the city's petition bureau): no scope to filter by. */
  seesEveryUnit(unitId: number): boolean {
    return this.scopeUnitIds(unitId).length >= this.units.length;
  }

  /** The units whose accusation hides a matter from a user of this unit: the unit itself and every unit above it. */
  accusationGuard(unitId: number): number[] {
    return this.ancestorsOrSelf(unitId).map((u) => u.id);
  }

  /** The petition bureau of the unit's region or the nearest region above it (strictly above, when asked). */
  bureauFor(unitId: number, strictlyAbove = false): Unit | undefined {
    const unit = this.byId.get(unitId);
    if (!unit) return undefined;
    let region = strictlyAbove ? parentRegion(unit.regionCode) : unit.regionCode;
    while (region) {
      const found = this.units.find((u) => u.kind === 'bureau' && u.regionCode === region);
      if (found) return found;
      region = parentRegion(region);
    }
    return undefined;
  }

  /**
   * The organ that reviews (复查) a reply: for a department or town office, the petition bureau of its own level
   * of government (acting for that government); for a bureau, the bureau one level up. At the top of the tree the
   * top bureau records the decision taken above it (the province is outside the platform).
   */
  reviewerFor(unitId: number): Unit | undefined {
    const unit = this.byId.get(unitId);
    if (!unit) return undefined;
    if (unit.kind !== 'bureau') {
      // a town office is reviewed by its district's government, i.e. the district bureau
      return this.bureauFor(unitId);
    }
    return this.bureauFor(unitId, true) ?? unit;
  }

  /** Whether an accusation against `accusedUnitId` must be hidden from users of `viewerUnitId`. */
  isAccused(viewerUnitId: number, accusedUnitId: number | null): boolean {
    if (accusedUnitId === null) return false;
    return this.isAncestorOrSelf(accusedUnitId, viewerUnitId);
  }
}

/** 440606005 → 440606 → 440600 → 440000 → '' */
export function parentRegion(code: string): string {
  if (code.length > 6) return code.slice(0, 6);
  if (/^\d{4}00$/.test(code) && !code.endsWith('0000')) return code.slice(0, 2) + '0000';
  if (code.endsWith('0000')) return '';
  return code.slice(0, 4) + '00';
}
