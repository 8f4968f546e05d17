// The policy presets in rules/policies/, read once per process (licit's own data, like knowledge.ts).
import { readRules } from '../knowledge/index.js';
import type { RuleId } from '../model/index.js';
import type { Distribution, PresetName, RuleSeverity } from './policy.js';

/** A preset as stored: lists as written (categories or license ids), checked by rules/schema/policy-preset.schema.json. */
export interface PresetFile {
  name: PresetName;
  description: string;
  context: { distribution: Distribution };
  allow: string[];
  deny: string[];
  rules: Partial<Record<RuleId, RuleSeverity>>;
  includeDev: boolean;
}

export function readPreset(name: PresetName): PresetFile {
  return readRules(`policies/${name}.json`);
}
