// evaluate: classified components + a policy -> findings and obligations. Pure: the clock comes in as `today`.
import type { Component, ComponentLicense, Finding, Inventory, Obligation, Scope } from '../model/index.js';
import { conflictFindings, type ShippedLicenses } from './conflicts.js';
import { applyExceptions } from './exceptions.js';
import { makeFinding } from './finding-rules.js';
import { judgeChoices, judgeExpression, type ExpressionJudgement, type JudgeContext } from './judge-expression.js';
import { chooseJointly, MAX_ALTERNATIVES } from './joint-choice.js';
import { collectObligations } from './obligations.js';
import type { Policy } from './policy.js';
import { modelTermsLicenseIds } from './model-knowledge.js';
import { evaluateModels } from './models.js';
import { matrixIdOf, projectLicenseOf } from './project-compat.js';
import { treeFindings } from './tree-findings.js';
import { foldPlatformBuilds } from './platform-builds.js';
import { compareText } from '../model/order.js';

export interface EvaluateOptions {
  /** Today's date, YYYY-MM-DD (exception expiry). */
  today: string;
}

export interface PolicyEvaluation {
  /** The components with the category of the license the policy chose (and the choice, for OR). */
  components: Component[];
  findings: Finding[];
  /** Findings a policy exception waives: reported with their `suppression`, never counted. */
  suppressed: Finding[];
  obligations: Obligation[];
}

/** Dev-only: installed for development alone (exactly `dev`, or `dev` + `optional`), so not shipped. */
export function isDevOnly(scopes: readonly Scope[]): boolean {
  return scopes.length > 0 && scopes.includes('dev') && scopes.every((scope) => scope === 'dev' || scope === 'optional');
}

export function evaluatePolicy(inventory: Inventory, policy: Policy, options: EvaluateOptions): PolicyEvaluation {
  const project = projectLicenseOf(policy.context.projectLicense ?? inventory.root.license);
  // Trees repeat a few dozen expressions thousands of times: judge each (expression, shipped) pair once.
  const judgements = new Map<string, ExpressionJudgement>();
  // A model under a non-commercial SPDX license (CC-BY-NC) is judged by its terms against commercialUse (models.ts), not denied by category.
  const modelAllow = [...policy.allow, ...modelTermsLicenseIds().map((license) => ({ kind: 'license' as const, license }))];
  const judge = (expression: string | null, shipped: boolean, model: boolean): ExpressionJudgement => {
    const key = `${shipped ? 1 : 0}${model ? 1 : 0}${expression ?? ''}`;
    let judgement = judgements.get(key);
    if (!judgement) {
      const context: JudgeContext = { allow: model ? modelAllow : policy.allow, deny: policy.deny, project, distribution: policy.context.distribution, shipped, rules: policy.rules };
      judgement = judgeExpression(expression, context);
      judgements.set(key, judgement);
    }
    return judgement;
  };
  const firstPicks = inventory.components.map((component) => {
    const shipped = policy.includeDev || !isDevOnly(component.scopes);
    return { component, judgement: judge(component.license.expression, shipped, component.kind === 'model'), shipped };
  });
  const distributed = policy.context.distribution === 'distributed';
  const conflictsOf = (entries: readonly JudgedComponent[]): Finding[] =>
    distributed ? withPolicySeverity(conflictFindings(entries.filter((entry) => entry.shipped).map(shippedLicenses)), policy) : [];
  let conflicts = conflictsOf(firstPicks);
  let picks = { entries: firstPicks, changed: new Set<number>() };
  if (conflicts.length > 0) {
    const context: JudgeContext = { allow: policy.allow, deny: policy.deny, project, distribution: policy.context.distribution, shipped: true, rules: policy.rules };
    picks = chooseJointly(firstPicks, { alternatives: (expression) => judgeChoices(expression, context, MAX_ALTERNATIVES), conflicts: conflictsOf, rules: policy.rules });
    if (picks.changed.size > 0) conflicts = conflictsOf(picks.entries);
  }
  const judged = picks.entries.map(({ component, judgement, shipped }, index) => {
    const license: ComponentLicense =
      judgement.choiceOffered && judgement.chosen
        ? { ...component.license, chosen: judgement.chosen, choiceReason: picks.changed.has(index) ? 'avoids-conflict' : 'least-burden' }
        : component.license;
    return { component: { ...component, license, category: judgement.category }, judgement, shipped };
  });
  const components = judged.map(({ component }) => component);

  const acceptedUnknown = new Set(judged.filter(({ judgement }) => unknownButAllowed(judgement)).map(({ component }) => component.ref));
  const findings = [
    ...treeFindings(inventory, components).filter((finding) => !(finding.rule === 'unknown-license' && finding.package && acceptedUnknown.has(finding.package))),
    ...judged.flatMap(({ component, judgement }) => licenseFindings(component, judgement, policy, project.expression)),
  ];
  const shipped = judged.filter((entry) => entry.shipped);

  const models = evaluateModels(components, policy.context);
  const outcome = applyExceptions(findings.concat(conflicts, models.findings), policy.exceptions, components, options.today);
  // A model's duties come from its own license record, with the phrases and notices spelt out.
  const obligations = collectObligations(
    shipped
      .filter(({ component }) => component.kind !== 'model')
      .map(({ component, judgement }) => ({
        ref: component.ref,
        licenses: judgement.leaves.map((leaf) => ({ license: leaf.license, obligations: leaf.obligations })),
      })),
  ).concat(models.obligations);
  const reported = (list: readonly Finding[]): Finding[] => foldPlatformBuilds(sortFindings(withPolicySeverity(list, policy)), components);
  return { components, findings: reported(outcome.findings), suppressed: reported(outcome.suppressed), obligations };
}

interface JudgedComponent {
  component: Component;
  judgement: ExpressionJudgement;
  shipped: boolean;
}

function shippedLicenses({ component, judgement }: JudgedComponent): ShippedLicenses {
  return {
    component,
    licenses: judgement.leaves
      .filter((leaf) => leaf.category !== 'unknown')
      .map((leaf) => ({ license: matrixIdOf(leaf.license), strongCopyleft: leaf.category === 'strong-copyleft' })),
  };
}

/** Findings with the severity the policy's `rules` give them; those it turns off are dropped. */
function withPolicySeverity(findings: readonly Finding[], policy: Policy): Finding[] {
  return findings.flatMap((finding) => {
    const severity = policy.rules[finding.rule] ?? finding.severity;
    return severity === 'off' ? [] : [{ ...finding, severity }];
  });
}

/** An unknown license the policy's allow list names by id: the user has reviewed it. */
function unknownButAllowed(judgement: ExpressionJudgement): boolean {
  const unknown = judgement.leaves.filter((leaf) => leaf.category === 'unknown');
  return unknown.length > 0 && unknown.every((leaf) => leaf.list.status === 'allowed');
}

function licenseFindings(component: Component, judgement: ExpressionJudgement, policy: Policy, projectExpression: string | null): Finding[] {
  const findings: Finding[] = [];
  const chosen = judgement.choiceOffered ? judgement.chosen : null;
  for (const leaf of judgement.leaves) {
    const denied = leaf.list.status === 'denied' || (leaf.list.status === 'not-allowed' && leaf.category !== 'unknown');
    if (denied) {
      findings.push(
        makeFinding({
          rule: 'denied-license',
          code: leaf.list.status === 'denied' ? 'denied' : 'not-allowed',
          package: component.ref,
          license: leaf.license,
          via: component.via,
          args: {
            category: leaf.category,
            entry: leaf.list.status === 'denied' ? leaf.list.entry : null,
            policy: policy.preset,
            expression: judgement.expression,
            chosen,
            ...(chosen ? { choiceReason: component.license.choiceReason ?? null } : {}),
          },
        }),
      );
    }
    const compatibility = leaf.compatibility;
    if (compatibility?.status === 'problem') {
      findings.push(
        makeFinding({
          rule: 'incompatible-with-project',
          code: compatibility.code,
          package: component.ref,
          license: leaf.license,
          via: component.via,
          args: {
            projectLicense: projectExpression,
            leading: compatibility.projectLicense,
            distribution: policy.context.distribution,
            basis: compatibility.basis,
            verdict: compatibility.verdict,
            category: leaf.category,
            expression: judgement.expression,
            chosen,
            ...(chosen ? { choiceReason: component.license.choiceReason ?? null } : {}),
          },
        }),
      );
    }
  }
  return findings;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Errors first, then by package, rule, code, license and arguments: the same findings always in the same order. */
function sortFindings(findings: Finding[]): Finding[] {
  const keyed = findings.map((finding) => ({
    finding,
    keys: [String(SEVERITY_ORDER[finding.severity]), finding.package ?? '', finding.rule, finding.code, finding.license ?? '', JSON.stringify(finding.args)],
  }));
  keyed.sort((a, b) => {
    for (let index = 0; index < a.keys.length; index++) {
      const order = compareText(a.keys[index]!, b.keys[index]!);
      if (order !== 0) return order;
    }
    return 0;
  });
  return keyed.map(({ finding }) => finding);
}

