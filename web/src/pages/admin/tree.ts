import type { Unit } from '../../api.ts';

export interface UnitNode { value: number; key: number; title: string; children: UnitNode[] }
/** the units as a tree (for TreeSelect and Tree), children under their parent */
export function unitTree(units: Unit[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { value: u.id, key: u.id, title: u.name, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const u of units) (u.parentId !== null && nodes.has(u.parentId) ? nodes.get(u.parentId)!.children : roots).push(nodes.get(u.id)!);
  return roots;
}
