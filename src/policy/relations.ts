// Licenses whose ids differ but whose terms do not (rules/license-relations.json), read once.
import { readRules, type RelationKind } from '../knowledge/index.js';

export type { RelationKind } from '../knowledge/index.js';

let pairs: Map<string, RelationKind> | undefined;

function relations(): Map<string, RelationKind> {
  if (pairs) return pairs;
  pairs = new Map();
  for (const { kind, licenses } of readRules('license-relations.json').groups) {
    for (const a of licenses) for (const b of licenses) if (a !== b) pairs.set(`${a}\n${b}`, kind);
  }
  return pairs;
}

/** How two license ids are related, or null when they are not (an id is not related to itself). */
export function relationOf(a: string, b: string): RelationKind | null {
  return relations().get(`${a}\n${b}`) ?? null;
}
