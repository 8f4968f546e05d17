import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Component, Finding, ModelFacts } from '../src/model/index.js';
import { findingRules } from '../src/policy/finding-rules.js';
import { evaluateModels, type ModelPolicyContext } from '../src/policy/models.js';
import { walkModels } from '../src/walk/models/index.js';

const LLAMA_2 = 'LicenseRef-scancode-llama-2-license-2023';
const LLAMA_3 = 'LicenseRef-licit-llama-3';
const LLAMA_31 = 'LicenseRef-scancode-llama-3.1-license-2024';
const LLAMA_32 = 'LicenseRef-scancode-llama-3.2-license-2024';
const LLAMA_33 = 'LicenseRef-scancode-llama-3.3-license-2024';
const LLAMA_4 = 'LicenseRef-scancode-llama-4-license-2025';
const FALCON_1 = 'LicenseRef-licit-falcon-llm-1.0';
const STABILITY = 'LicenseRef-scancode-stability-ai-community-2024';
const STABILITY_NC = 'LicenseRef-licit-stability-ai-non-commercial-research-2023-11-28';
const QWEN = 'LicenseRef-scancode-qwen-2024';
const TONGYI = 'LicenseRef-scancode-tongyi-qianwen-2023';

function model(name: string, expression: string, facts: Partial<ModelFacts> = {}): Component {
  return {
    kind: 'model',
    ref: name,
    name,
    version: null,
    purl: `pkg:huggingface/${name}`,
    scopes: ['prod'],
    direct: true,
    paths: ['src/chat.ts'],
    via: ['app', name],
    license: { declared: null, expression, source: 'metadata', files: [] },
    category: 'model',
    dependsOn: [],
    evidence: [{ file: 'src/chat.ts', line: 3 }],
    model: { family: null, version: null, multimodal: null, baseModels: [], ...facts },
  };
}

/** Every fact stated, nothing near a line: the baseline each test moves one fact away from. */
const quiet: Required<ModelPolicyContext> = {
  distribution: 'distributed',
  commercialUse: true,
  monthlyActiveUsers: 1_000,
  annualRevenueUsd: 0,
  modelAttributableRevenueUsd: 0,
  modelOutputsTrainModels: false,
  licenseeInEU: false,
};

/** The baseline with some facts left unstated. */
function without(...facts: (keyof ModelPolicyContext)[]): ModelPolicyContext {
  return Object.fromEntries(Object.entries(quiet).filter(([key]) => !facts.includes(key as keyof ModelPolicyContext))) as ModelPolicyContext;
}

const restrictions = (findings: Finding[]): Finding[] => findings.filter((finding) => finding.rule === 'model-restriction');
const needed = (findings: Finding[]): Finding[] => findings.filter((finding) => finding.rule === 'model-context-needed');

describe('monthly active users: more than 700 million (every Llama license), measured on the release date', () => {
  it.each([
    [LLAMA_2, 'llama-2.txt', '2023-07-18'],
    [LLAMA_3, 'llama-3.txt', '2024-04-18'],
    [LLAMA_31, 'llama-3.1.txt', '2024-07-23'],
    [LLAMA_32, 'llama-3.2.txt', '2024-09-25'],
    [LLAMA_33, 'llama-3.3.txt', '2024-12-06'],
    [LLAMA_4, 'llama-4.txt', '2025-04-05'],
  ])('%s: 700,000,000 holds, 700,000,001 breaks clause 2', (license, file, measuredOn) => {
    const component = model('m', license);
    expect(evaluateModels([component], { ...quiet, monthlyActiveUsers: 700_000_000 }).findings).toEqual([]);
    const { findings } = evaluateModels([component], { ...quiet, monthlyActiveUsers: 700_000_001 });
    expect(findings).toEqual([
      {
        rule: 'model-restriction',
        severity: 'error',
        code: 'user-threshold',
        package: 'm',
        license,
        via: ['app', 'm'],
        path: 'src/chat.ts',
        args: { clause: '2', file, fact: 'monthlyActiveUsers', stated: 700_000_001, threshold: 700_000_000, comparison: 'greater-than', measuredOn, appliesTo: 'any-use' },
        howToFix: findingRules()['model-restriction'].howToFix,
      },
    ]);
  });

  it('asks for the number when the context does not state it', () => {
    const { findings } = evaluateModels([model('m', LLAMA_2)], without('monthlyActiveUsers'));
    expect(findings).toEqual([expect.objectContaining({ rule: 'model-context-needed', severity: 'warning', code: 'facts-needed', license: LLAMA_2, args: expect.objectContaining({ facts: 'monthlyActiveUsers', count: 1, clauses: 'llama-2.txt 2' }) })]);
  });

  it('applies to any use, commercial or not', () => {
    expect(restrictions(evaluateModels([model('m', LLAMA_2)], { ...quiet, commercialUse: false, monthlyActiveUsers: 800_000_000 }).findings)).toHaveLength(1);
  });
});

describe('outputs improving another large language model', () => {
  it.each([
    [LLAMA_2, 'llama-2.txt'],
    [LLAMA_3, 'llama-3.txt'],
    [TONGYI, 'tongyi-qianwen.txt'],
  ])('%s forbids it', (license, file) => {
    const { findings } = evaluateModels([model('m', license)], { ...quiet, modelOutputsTrainModels: true });
    expect(restrictions(findings)).toEqual([expect.objectContaining({ code: 'output-use', license, args: expect.objectContaining({ file, prohibits: 'improve-other-llm', stated: true }) })]);
  });

  it.each([LLAMA_31, LLAMA_32, LLAMA_33, LLAMA_4, QWEN])('%s allows it', (license) => {
    expect(restrictions(evaluateModels([model('m', license)], { ...quiet, modelOutputsTrainModels: true }).findings)).toEqual([]);
  });

  it('Stability AI Community forbids creating or improving a foundation model with outputs', () => {
    expect(restrictions(evaluateModels([model('m', STABILITY)], { ...quiet, modelOutputsTrainModels: true }).findings)).toEqual([
      expect.objectContaining({ code: 'output-use', args: expect.objectContaining({ clause: 'IV.b', prohibits: 'create-or-improve-foundation-model' }) }),
    ]);
  });

  it('asks whether outputs train models when the license tests it', () => {
    const context = without('modelOutputsTrainModels');
    expect(needed(evaluateModels([model('m', LLAMA_3)], context).findings)).toEqual([expect.objectContaining({ args: expect.objectContaining({ facts: 'modelOutputsTrainModels' }) })]);
    expect(needed(evaluateModels([model('m', LLAMA_31)], context).findings)).toEqual([]);
  });
});

describe('TII Falcon LLM License 1.0', () => {
  const falcon = model('tiiuae/falcon-40b', FALCON_1);

  it('needs TII\'s written permission for any commercial use (clause 8.1)', () => {
    const { findings, obligations } = evaluateModels([falcon], quiet);
    expect(restrictions(findings)).toEqual([expect.objectContaining({ code: 'commercial-use-permission', args: expect.objectContaining({ clause: '8.1', contact: 'Falconllm.sales@tii.ae' }) })]);
    expect(obligations).toContainEqual(expect.objectContaining({ obligation: 'obtain-permission', license: FALCON_1, packages: ['tiiuae/falcon-40b'] }));
  });

  it('is royalty-free without commercial use, whatever the revenue', () => {
    const { findings, obligations } = evaluateModels([falcon], { ...quiet, commercialUse: false, modelAttributableRevenueUsd: 50_000_000 });
    expect(findings).toEqual([]);
    expect(obligations.map((obligation) => obligation.obligation)).not.toContain('royalty');
  });

  it.each([
    [1_000_000, null],
    [1_000_001, 0.1],
    [3_500_000, 250_000],
  ])('attributable revenue %i: royalty due %s (10%% of the revenue above USD 1M, clause 8.2)', (revenue, due) => {
    const royalty = evaluateModels([falcon], { ...quiet, modelAttributableRevenueUsd: revenue }).obligations.filter((obligation) => obligation.obligation === 'royalty');
    if (due === null) expect(royalty).toEqual([]);
    else expect(royalty).toEqual([expect.objectContaining({ license: FALCON_1, args: expect.objectContaining({ rate: 0.1, threshold: 1_000_000, stated: revenue, dueUsd: due, clause: '8.2(a)-(c)' }) })]);
  });

  it('total revenue does not count, only revenue attributable to the model', () => {
    const royalty = evaluateModels([falcon], { ...quiet, annualRevenueUsd: 9_000_000, modelAttributableRevenueUsd: 10 }).obligations.filter((obligation) => obligation.obligation === 'royalty');
    expect(royalty).toEqual([]);
  });

  it('lists exactly the facts to confirm when commercial use and revenue are unknown', () => {
    expect(needed(evaluateModels([falcon], without('commercialUse', 'modelAttributableRevenueUsd')).findings)).toEqual([expect.objectContaining({ args: expect.objectContaining({ facts: 'commercialUse, modelAttributableRevenueUsd', count: 2 }) })]);
  });

  it('owes the publication statement', () => {
    expect(evaluateModels([falcon], quiet).obligations).toContainEqual(
      expect.objectContaining({
        obligation: 'attribution-phrase',
        args: expect.objectContaining({ clause: '5.1', phrase: '[name of relevant Derivative Work] is built using Falcon LLM technology from the Technology Innovation Institute', when: 'public-statement' }),
      }),
    );
  });
});

describe('Stability AI Community License: more than USD 1M total annual revenue ends it', () => {
  const sd = model('stabilityai/stable-diffusion-3.5-large', STABILITY);
  it.each([
    [1_000_000, 0],
    [1_000_001, 1],
  ])('revenue %i with commercial use -> %i error(s)', (revenue, errors) => {
    const found = restrictions(evaluateModels([sd], { ...quiet, annualRevenueUsd: revenue }).findings);
    expect(found).toHaveLength(errors);
    if (errors) expect(found[0]).toMatchObject({ code: 'revenue-threshold', args: { clause: 'III', fact: 'annualRevenueUsd', threshold: 1_000_000, stated: revenue } });
  });

  it('attributable revenue does not count, and non-commercial use is outside the test', () => {
    expect(restrictions(evaluateModels([sd], { ...quiet, annualRevenueUsd: 10, modelAttributableRevenueUsd: 5_000_000 }).findings)).toEqual([]);
    expect(restrictions(evaluateModels([sd], { ...quiet, commercialUse: false, annualRevenueUsd: 5_000_000 }).findings)).toEqual([]);
  });

  it('owes "Powered by Stability AI" when made available, and registration for commercial use', () => {
    const obligations = evaluateModels([sd], { ...quiet, distribution: 'saas' }).obligations;
    expect(obligations).toContainEqual(expect.objectContaining({ obligation: 'attribution-phrase', args: expect.objectContaining({ phrase: 'Powered by Stability AI', clause: 'IV.a(iii)' }) }));
    expect(obligations).toContainEqual(expect.objectContaining({ obligation: 'register', args: expect.objectContaining({ url: 'https://stability.ai/community-license' }) }));
    const internal = evaluateModels([sd], { ...quiet, distribution: 'internal', commercialUse: false }).obligations.map((obligation) => obligation.obligation);
    expect(internal).not.toContain('attribution-phrase');
    expect(internal).not.toContain('register');
  });
});

describe('Qwen and Tongyi Qianwen: more than 100 million monthly active users in commercial use', () => {
  it.each([QWEN, TONGYI])('%s: the line at 100,000,000, commercial use only', (license) => {
    const qwen = model('Qwen/Qwen2.5-72B-Instruct', license);
    expect(restrictions(evaluateModels([qwen], { ...quiet, monthlyActiveUsers: 100_000_000 }).findings)).toEqual([]);
    expect(restrictions(evaluateModels([qwen], { ...quiet, monthlyActiveUsers: 100_000_001 }).findings)).toEqual([
      expect.objectContaining({ code: 'user-threshold', args: expect.objectContaining({ clause: '4', threshold: 100_000_000, appliesTo: 'commercial-use' }) }),
    ]);
    expect(evaluateModels([qwen], { ...quiet, commercialUse: false, monthlyActiveUsers: 900_000_000 }).findings).toEqual([]);
    expect(evaluateModels([qwen], { ...without('commercialUse'), monthlyActiveUsers: 900_000_000 }).findings).toEqual([
      expect.objectContaining({ rule: 'model-context-needed', args: expect.objectContaining({ facts: 'commercialUse' }) }),
    ]);
  });

  it('Qwen 2024 owes "Built with Qwen" for a published derived model', () => {
    expect(evaluateModels([model('q', QWEN)], quiet).obligations).toContainEqual(
      expect.objectContaining({ obligation: 'attribution-phrase', args: expect.objectContaining({ phrase: 'Built with Qwen', alternatives: 'Improved using Qwen', when: 'distribute-derived-model' }) }),
    );
  });
});

describe('non-commercial and research-only licenses', () => {
  it.each([
    ['LicenseRef-scancode-llama-license-2023', 'commercial-use'],
    ['LicenseRef-licit-tongyi-qianwen-research', 'commercial-use'],
    [STABILITY_NC, 'commercial-use'],
    ['LicenseRef-scancode-stability-ai-nc-2023-12-06', 'commercial-use'],
    ['LicenseRef-licit-mistral-research-license-0.1', 'commercial-use'],
    ['LicenseRef-licit-mistral-non-production-license-0.1', 'commercial-use'],
    ['LicenseRef-licit-qwen-research', 'commercial-use'],
    ['LicenseRef-licit-yi-community-2.1', 'commercial-use-permission'],
  ])('%s with commercial use -> %s; without -> nothing', (license, code) => {
    const component = model('m', license);
    expect(restrictions(evaluateModels([component], quiet).findings).map((finding) => finding.code)).toContain(code);
    expect(restrictions(evaluateModels([component], { ...quiet, commercialUse: false }).findings)).toEqual([]);
  });

  it('the Stability non-commercial license forbids offering the model as a hosted service (1.b)', () => {
    const component = model('stabilityai/sdxl-turbo', STABILITY_NC);
    expect(restrictions(evaluateModels([component], { ...quiet, commercialUse: false, distribution: 'saas' }).findings)).toEqual([
      expect.objectContaining({ code: 'hosted-service', args: expect.objectContaining({ clause: '1.b' }) }),
    ]);
    expect(restrictions(evaluateModels([component], { ...quiet, commercialUse: false, distribution: 'internal' }).findings)).toEqual([]);
  });
});

describe('Llama 3.2, 3.3 and 4: no multimodal rights for licensees domiciled in the EU', () => {
  it.each([
    [LLAMA_32, 'LicenseRef-licit-llama-3.2-acceptable-use-policy'],
    [LLAMA_4, 'LicenseRef-licit-llama-4-acceptable-use-policy'],
  ])('%s: a multimodal model and an EU licensee break the policy', (license, policy) => {
    const vision = model('meta-llama/Llama-3.2-11B-Vision', license, { multimodal: true });
    expect(restrictions(evaluateModels([vision], { ...quiet, licenseeInEU: true }).findings)).toEqual([
      expect.objectContaining({ code: 'regional', license: policy, args: expect.objectContaining({ region: 'EU', endUsersExempt: true, clause: 'multimodal models' }) }),
    ]);
    expect(restrictions(evaluateModels([vision], quiet).findings)).toEqual([]);
  });

  it('a text-only model, or a license without the carve-out, is not affected', () => {
    expect(restrictions(evaluateModels([model('t', LLAMA_32, { multimodal: false })], { ...quiet, licenseeInEU: true }).findings)).toEqual([]);
    expect(restrictions(evaluateModels([model('v', LLAMA_31, { multimodal: true })], { ...quiet, licenseeInEU: true }).findings)).toEqual([]);
  });

  it('asks for the domicile of a multimodal model, and for the modality of an unknown model in the EU', () => {
    expect(needed(evaluateModels([model('v', LLAMA_32, { multimodal: true })], without('licenseeInEU')).findings)).toEqual([expect.objectContaining({ args: expect.objectContaining({ facts: 'licenseeInEU' }) })]);
    expect(needed(evaluateModels([model('u', LLAMA_32)], { ...quiet, licenseeInEU: true }).findings)).toEqual([expect.objectContaining({ args: expect.objectContaining({ facts: 'multimodal' }) })]);
  });
});

describe('naming and attribution duties', () => {
  const duties = (license: string, context: ModelPolicyContext = quiet) => evaluateModels([model('m', license)], context).obligations;

  it('Llama 3: "Built with Meta Llama 3" and a "Llama 3" name prefix', () => {
    expect(duties(LLAMA_3)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ obligation: 'attribution-phrase', license: LLAMA_3, packages: ['m'], args: expect.objectContaining({ phrase: 'Built with Meta Llama 3', clause: '1.b.i' }) }),
        expect.objectContaining({ obligation: 'model-name-prefix', args: expect.objectContaining({ prefix: 'Llama 3', when: 'distribute-derived-model' }) }),
      ]),
    );
  });

  it.each([LLAMA_31, LLAMA_32, LLAMA_33, LLAMA_4])('%s: "Built with Llama" and a "Llama" name prefix', (license) => {
    const found = duties(license);
    expect(found).toContainEqual(expect.objectContaining({ obligation: 'attribution-phrase', args: expect.objectContaining({ phrase: 'Built with Llama' }) }));
    expect(found).toContainEqual(expect.objectContaining({ obligation: 'model-name-prefix', args: expect.objectContaining({ prefix: 'Llama' }) }));
  });

  it('Llama 2: a Notice file with the fixed sentence when distributed, none for internal use', () => {
    expect(duties(LLAMA_2)).toContainEqual(
      expect.objectContaining({ obligation: 'include-notice-file', args: expect.objectContaining({ text: 'Llama 2 is licensed under the LLAMA 2 Community License, Copyright (c) Meta Platforms, Inc. All Rights Reserved.' }) }),
    );
    expect(duties(LLAMA_2).map((duty) => duty.obligation)).not.toContain('attribution-phrase');
    const internal = duties(LLAMA_2, { ...quiet, distribution: 'internal' }).map((duty) => duty.obligation);
    expect(internal).not.toContain('include-notice-file');
    expect(internal).toContain('comply-with-use-policy');
  });

  it('use restrictions passed downstream for Gemma, OpenRAIL-M and DeepSeek', () => {
    for (const license of ['LicenseRef-scancode-gemma-tou-2025-03-24', 'LicenseRef-scancode-bigscience-open-rail-m', 'LicenseRef-scancode-deepseek-la-1.0']) {
      expect(duties(license, { ...quiet, distribution: 'saas' })).toContainEqual(expect.objectContaining({ obligation: 'pass-on-use-restrictions', license }));
    }
  });

  it('groups one duty of one license over every model that carries it', () => {
    const { obligations } = evaluateModels([model('b', LLAMA_31), model('a', LLAMA_31)], quiet);
    expect(obligations.find((duty) => duty.obligation === 'attribution-phrase')?.packages).toEqual(['a', 'b']);
  });
});

describe('expressions', () => {
  it('takes the least burdensome alternative of an OR', () => {
    expect(evaluateModels([model('m', `${LLAMA_2} OR Apache-2.0`)], { ...quiet, monthlyActiveUsers: 800_000_000 }).findings).toEqual([]);
  });

  it('judges every part of an AND (an R1 distill keeps the Llama 3.3 license)', () => {
    expect(restrictions(evaluateModels([model('m', `MIT AND ${LLAMA_33}`)], { ...quiet, monthlyActiveUsers: 800_000_000 }).findings)).toHaveLength(1);
  });

  it('ignores npm components and models without a model license', () => {
    const npm: Component = { ...model('left-pad', LLAMA_2), kind: 'npm', ref: 'left-pad@1.0.0' };
    expect(evaluateModels([npm, model('mistralai/Mistral-7B-v0.1', 'Apache-2.0')], { ...quiet, monthlyActiveUsers: 800_000_000 })).toEqual({ findings: [], obligations: [] });
  });
});

describe('from the walk to the judgement', () => {
  it('a project whose code names meta-llama/Llama-2-7b-chat-hf breaks Llama 2 above 700 million users', async () => {
    const { components } = await walkModels(fileURLToPath(new URL('../fixtures/models/source-refs/', import.meta.url)), { rootName: 'fx-model-refs' });
    const { findings } = evaluateModels(components, { ...quiet, monthlyActiveUsers: 700_000_001 });
    const llama2 = restrictions(findings).filter((finding) => finding.license === LLAMA_2);
    expect(llama2).toEqual([expect.objectContaining({ package: 'meta-llama/Llama-2-7b-chat-hf', path: 'src/chat.ts', code: 'user-threshold' })]);
  });
});

describe('non-commercial terms, judged by commercialUse', () => {
  const FLUX_DEV = 'LicenseRef-licit-flux-1-dev-non-commercial';
  const COMMAND_R = 'CC-BY-NC-4.0 AND LicenseRef-licit-cohere-c4ai-acceptable-use-policy';

  it.each([
    ['FLUX.1 [dev]', FLUX_DEV, 'commercial-use-permission'],
    ['Command R (CC-BY-NC-4.0)', COMMAND_R, 'commercial-use'],
    ['CC-BY-NC-SA-4.0', 'CC-BY-NC-SA-4.0', 'commercial-use'],
  ])('%s: commercial use breaks it, non-commercial use passes', (_label, expression, code) => {
    expect(restrictions(evaluateModels([model('m', expression)], quiet).findings).map((finding) => finding.code)).toEqual([code]);
    const nonCommercial = evaluateModels([model('m', expression)], { ...quiet, commercialUse: false });
    expect(nonCommercial.findings).toEqual([]);
  });

  it.each([
    ['distributed', 'error'],
    ['saas', 'error'],
    ['internal', 'warning'],
  ] as const)('unknown use under %s -> model-context-needed (%s)', (distribution, severity) => {
    const { findings } = evaluateModels([model('m', 'CC-BY-NC-4.0')], { ...without('commercialUse'), distribution });
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'model-context-needed', severity, code: distribution === 'internal' ? 'facts-needed' : 'commercial-use-needed', license: 'CC-BY-NC-4.0' }),
    ]);
  });

  it('keeps a threshold that only needs commercialUse a warning (Qwen above 100 million users)', () => {
    const { findings } = evaluateModels([model('m', QWEN)], { ...without('commercialUse'), monthlyActiveUsers: 900_000_000 });
    expect(findings).toEqual([expect.objectContaining({ severity: 'warning', code: 'facts-needed' })]);
  });

  it('owes the FLUX.1 [dev] notice when distributed and the Cohere use policy always', () => {
    const flux = evaluateModels([model('m', FLUX_DEV)], { ...quiet, commercialUse: false }).obligations.map((duty) => duty.obligation);
    expect(flux).toEqual(expect.arrayContaining(['include-license-text', 'include-notice-file', 'review-terms']));
    const commandR = evaluateModels([model('m', COMMAND_R)], { ...quiet, commercialUse: false }).obligations.map((duty) => duty.obligation);
    expect(commandR).toEqual(expect.arrayContaining(['comply-with-use-policy', 'attribution']));
  });
});

describe('hosted use is making a model available (Llama 2 §1.b.i, Falcon §4.3(a), BigCode OpenRAIL-M 1.k, Yi "Distribute")', () => {
  const saasDuties = (license: string, context: ModelPolicyContext = { ...quiet, distribution: 'saas' }): string[] =>
    evaluateModels([model('m', license)], context).obligations.filter((duty) => duty.license === license).map((duty) => duty.obligation);

  it('owes the license copy of Llama 2 to users of a hosted service, and the Notice file only when distributed', () => {
    expect(saasDuties(LLAMA_2)).toContain('include-license-text');
    expect(saasDuties(LLAMA_2)).not.toContain('include-notice-file');
    expect(saasDuties(LLAMA_2, { ...quiet, distribution: 'internal' })).not.toContain('include-license-text');
  });

  it('binds a non-commercial Falcon user who serves a derivative to the same license', () => {
    expect(saasDuties(FALCON_1, { ...quiet, distribution: 'saas', commercialUse: false })).toContain('same-license-work');
  });

  it.each(['LicenseRef-scancode-bigcode-open-rail-m-v1', 'LicenseRef-licit-yi-community-2.1'])('%s: sharing includes a hosted service', (license) => {
    expect(saasDuties(license)).toContain('include-license-text');
  });
});

describe('models trained on a model\'s outputs are its derivatives (derivatives.includesOutputTrained)', () => {
  const GEMMA = 'LicenseRef-scancode-gemma-tou-2025-03-24';
  it.each([GEMMA, 'LicenseRef-scancode-bigscience-open-rail-m', 'LicenseRef-scancode-deepseek-la-1.0', FALCON_1])('%s: training on its outputs brings its derivative duties', (license) => {
    const { obligations } = evaluateModels([model('m', license)], { ...quiet, modelOutputsTrainModels: true });
    expect(obligations).toContainEqual(expect.objectContaining({ obligation: 'output-trained-derivative', license }));
    expect(evaluateModels([model('m', license)], quiet).obligations.map((duty) => duty.obligation)).not.toContain('output-trained-derivative');
  });

  it('asks whether outputs train models when the context does not say', () => {
    expect(needed(evaluateModels([model('m', GEMMA)], without('modelOutputsTrainModels')).findings)[0]?.args?.facts).toContain('modelOutputsTrainModels');
  });

  it('Llama 2 does not count output-trained models as derivatives', () => {
    const { obligations } = evaluateModels([model('m', LLAMA_2)], { ...quiet, modelOutputsTrainModels: true });
    expect(obligations.map((duty) => duty.obligation)).not.toContain('output-trained-derivative');
  });
});

describe('model licenses added from their publishers (needsReview: no stored text)', () => {
  it.each(['LicenseRef-licit-deepfloyd-if', 'LicenseRef-licit-fair-noncommercial-research', 'LicenseRef-licit-apple-amlr'])('%s fails commercial use and passes non-commercial use', (license) => {
    expect(restrictions(evaluateModels([model('m', license)], { ...quiet, distribution: 'saas' }).findings).map((finding) => finding.code)).toEqual(['commercial-use']);
    expect(restrictions(evaluateModels([model('m', license)], { ...quiet, distribution: 'saas', commercialUse: false }).findings)).toEqual([]);
  });

  it('owes the NVIDIA Open Model License notice when distributed, and a review of every record without a stored text', () => {
    const { obligations } = evaluateModels([model('m', 'LicenseRef-licit-nvidia-open-model-license')], quiet);
    expect(obligations).toContainEqual(expect.objectContaining({ obligation: 'include-notice-file', args: expect.objectContaining({ text: 'Licensed by NVIDIA Corporation under the NVIDIA Open Model License' }) }));
    expect(obligations.map((duty) => duty.obligation)).toContain('review-terms');
  });

  it('Falcon 180B needs TII\'s permission to be offered as a hosted service', () => {
    const found = restrictions(evaluateModels([model('m', 'LicenseRef-licit-falcon-180b-tii-1.0')], { ...quiet, distribution: 'saas' }).findings);
    expect(found.map((finding) => finding.code)).toEqual(['hosted-service']);
  });
});
