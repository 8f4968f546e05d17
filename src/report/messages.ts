import type { Finding, RuleCode } from '../model/index.js';

type Args = Finding['args'];
/** `rule/code` of every code of src/model/finding-codes.ts: MESSAGES must have each, and nothing else. */
type MessageKey = RuleCode extends infer Each ? (Each extends RuleCode ? `${Each['rule']}/${Each['code']}` : never) : never;
const text = (value: Args[string] | undefined): string => (value === null || value === undefined ? '' : String(value));

const DEPENDENCY_REASONS = new Map([
  ['not-an-object', 'is not an object of name-to-spec entries'],
  ['spec-not-a-string', 'has a spec that is not a string'],
  ['invalid-name', 'is not a name an npm package can have'],
  ['not-a-string', 'is not a string'],
]);

const MESSAGES: Record<MessageKey, (finding: Finding, args: Args) => string> = {
  'invalid-license-metadata/corrected': (f, a) =>
    a.settledBy
      ? `${f.package}: license "${text(a.from)}" names a family; its license file settles it as ${text(a.settledBy)}`
      : `${f.package}: license "${text(a.from)}" is not SPDX; read as ${text(a.to)}${a.certainty === 'ambiguous' ? ' (ambiguous: no license file settles it)' : a.certainty === 'guess' ? ' (a guess)' : ''}`,
  'invalid-license-metadata/deprecated-id': (f, a) => `${f.package}: deprecated SPDX id in "${text(a.from)}"; read as ${text(a.to)}`,
  'invalid-license-metadata/legacy-shape': (f, a) => `${f.package}: license given in a legacy shape (${text(a.shape)})`,
  'invalid-license-metadata/not-spdx': (f, a) => `${f.package}: license "${text(a.value)}" is not an SPDX expression; recorded as ${text(a.ref)}`,
  'invalid-license-metadata/empty': (f) => `${f.package}: the license field is empty`,
  'invalid-license-metadata/invalid-type': (f, a) => `${f.package}: the license field is a ${text(a.type)}, not a string`,
  'invalid-license-metadata/see-license-missing': (f, a) => `${f.package}: SEE LICENSE IN names ${text(a.file)}, which the package does not contain`,
  'unsafe-path/see-license-escape': (f, a) => `${f.package}: SEE LICENSE IN ${text(a.file)} points outside the package; refused to read it`,
  'license-not-in-lockfile/absent': (f) => `${f.package}: the lockfile records no license for this package`,
  'license-not-in-lockfile/see-license-unread': (f, a) => `${f.package}: license is in the file ${text(a.file)}, which is not installed`,
  'unreadable-package/malformed-package-json': (f, a) => `${f.package}: package.json could not be read (${text(a.error)})`,
  'unreadable-package/missing-dependency': (f, a) =>
    `${f.package ?? 'the project'}: ${text(a.type)} dependency ${text(a.dependency)}@${text(a.spec)} is not installed`,
  'unsafe-path/link-outside-root': (f) =>
    `${f.path ?? 'an installed entry'} links outside the project, and no package.json declares it as a folder dependency; not read`,
  'unsafe-path/license-file-escape': (f, a) => `${f.package}: license file ${text(a.file)} links outside the package; refused to read it`,
  'unreadable-package/symlink-loop': (f) => `${f.path ?? 'an installed entry'} is a symlink loop; left out of the tree`,
  'unreadable-package/invalid-dependency': (f, a) =>
    `${f.package ?? 'the project'}: ${text(a.field)}${a.dependency === null ? '' : ` entry ${text(a.dependency)}`} ${DEPENDENCY_REASONS.get(text(a.reason)) ?? text(a.reason)}; left out of the tree`,
  'lockfile-out-of-sync/missing-entry': (f, a) =>
    `${f.package ?? 'the project'}: ${text(a.type)} dependency ${text(a.dependency)}@${text(a.spec)} has no entry in the lockfile`,
  'lockfile-out-of-sync/missing-workspace': (f, a) =>
    `workspace ${text(a.workspace)}${f.package ? ` (${f.package})` : ''} is declared by the project but the lockfile has no entry for it`,
  'lockfile-out-of-sync/spec-mismatch': (f, a) =>
    `${f.package ?? 'the project'}: package.json asks for ${text(a.dependency)}@${text(a.spec)} but the lockfile has version ${text(a.locked)}`,
  'unreadable-package/missing-package-json': (f) => `${f.package}: installed without a package.json`,
  'unreadable-package/unreadable-package-json': (f, a) => `${f.package}: package.json could not be read (${text(a.error)})`,
  'unreadable-package/package-json-not-a-file': (f) => `${f.path ?? 'an installed entry'}: its package.json is a FIFO or a device, not a file; left out of the tree`,
  'unreadable-license-file/binary': (f, a) => `${f.package}: license file ${text(a.file)} is binary, not text`,
  'unreadable-license-file/too-large': (f, a) => `${f.package}: license file ${text(a.file)} is too large; only its beginning was read`,
  'unreadable-license-file/unreadable': (f, a) => `${f.package}: license file ${text(a.file)} could not be read (${text(a.error)})`,
  'declared-file-mismatch/file-more-restrictive': (f, a) =>
    `${f.package}: metadata says ${text(a.declared)} but its license files say ${text(a.files)}, which asks more${relationNote(a)}; concluded ${text(a.concluded)}`,
  'declared-file-mismatch/metadata-more-restrictive': (f, a) =>
    `${f.package}: metadata says ${text(a.declared)} but its license files say ${text(a.files)}, which asks less${relationNote(a)}; concluded ${text(a.concluded)}`,
  'declared-file-mismatch/same-terms': (f, a) =>
    `${f.package}: metadata says ${text(a.declared)}, its license files say ${text(a.files)}: the same terms${relationNote(a)}; concluded ${text(a.concluded)}`,
  'declared-file-mismatch/different-terms': (f, a) =>
    `${f.package}: metadata says ${text(a.declared)} but its license files say ${text(a.files)}, each asking something the other does not; concluded both, ${text(a.concluded)}`,
  'unknown-license/unrecognised-text': (f, a) =>
    `${f.package}: lines ${text(a.startLine)}-${text(a.endLine)} of ${text(a.file)} match no known license (${text(a.ref)}); read them, then allow that id or record an exception`,
  'unknown-license/none-found': (f) => `${f.package}: no license found in its metadata or files`,
  'unknown-license/unrecognised': (f) => `${f.package}: license ${f.license ?? ''} is not recognised`,
  'license-changed/upgraded': (f, a) =>
    `${f.package}: license changed from ${text(a.from) || '(none)'} (version ${text(a.fromVersion)}) to ${text(a.to) || '(none)'}`,
  'license-changed/was-unknown': (f, a) =>
    `${f.package}: license not known at version ${text(a.fromVersion)} (base), ${text(a.to)} now: review the new version`,
  'denied-license/denied': (f, a) => `${f.package}: ${f.license ?? ''}${chosenFrom(a)} is denied by the policy (deny: ${text(a.entry)})`,
  'denied-license/not-allowed': (f, a) =>
    a.category === 'proprietary'
      ? `${f.package}: ${f.license ?? ''}${chosenFrom(a)} is commercial or proprietary terms: a commercial license from the vendor is needed (not allowed by the ${text(a.policy)} policy)`
      : `${f.package}: ${f.license ?? ''}${chosenFrom(a)} (${text(a.category)}) is not allowed by the ${text(a.policy)} policy`,
  'incompatible-with-project/incompatible': (f, a) =>
    `${f.package}: ${f.license ?? ''}${chosenFrom(a)} cannot be combined with the project's license (${projectLicense(a)}) in a distributed work`,
  'incompatible-with-project/network-copyleft': (f, a) =>
    `${f.package}: ${f.license ?? ''}${chosenFrom(a)} requires offering the source to the service's network users, which the project's license (${projectLicense(a)}) does not`,
  'incompatible-with-project/library-copyleft': (f, a) =>
    `${f.package}: ${f.license ?? ''}${chosenFrom(a)} may ship with the project's license (${projectLicense(a)}) only as a separate library, unchanged and replaceable by the user (relinking), with its source offered`,
  'incompatible-with-project/check-dependency': (f, a) =>
    `${f.package}: ${f.license ?? ''}${chosenFrom(a)} combines with the project's license (${projectLicense(a)}) only under conditions; check how the package is used`,
  'license-conflict/cannot-combine': (f, a) =>
    `${f.package} (${f.license ?? ''}) and ${text(a.otherPackage)}${typeof a.otherCount === 'number' && a.otherCount > 1 ? ` and ${a.otherCount - 1} more` : ''} (${text(a.otherLicense)}) cannot be combined in one distributed work`,
  'exception-expired/expired': (_f, a) =>
    `exceptions[${text(a.exception)}] for ${text(a.package)} expired on ${text(a.expires)} and waives nothing until renewed`,
  'exception-expired/text-changed': (f, a) =>
    a.found === null
      ? `${f.package}: exceptions[${text(a.exception)}] pins a license text, but no license file of the package could be read to check it; the exception does not apply`
      : `${f.package}: the license text changed since exceptions[${text(a.exception)}] approved it; the exception does not apply`,
  // AI-model licenses (src/policy/models.ts, src/walk/models/).
  'model-restriction/user-threshold': (f, a) =>
    `${f.package}: ${f.license} needs a separate license above ${text(a.threshold)} monthly active users${a.measuredOn ? ` (counted in the month before ${text(a.measuredOn)})` : ''}${a.appliesTo === 'commercial-use' ? ' in commercial use' : ''}; the context states ${text(a.stated)} (${clauseOf(a)})`,
  'model-restriction/revenue-threshold': (f, a) =>
    `${f.package}: ${f.license} ends above USD ${text(a.threshold)} of ${a.fact === 'annualRevenueUsd' ? 'total annual revenue' : 'revenue from the model'}; the context states ${text(a.stated)} (${clauseOf(a)})`,
  'model-restriction/commercial-use': (f, a) => `${f.package}: ${f.license} does not allow commercial use (${text(a.scope)}; ${clauseOf(a)})`,
  'model-restriction/commercial-use-permission': (f, a) =>
    `${f.package}: ${f.license} allows commercial use only with the licensor's written permission${a.contact ? ` (${text(a.contact)})` : ''} (${clauseOf(a)})`,
  'model-restriction/hosted-service': (f, a) => `${f.package}: ${f.license} does not allow offering the model to others as a hosted service or API (${clauseOf(a)})`,
  'model-restriction/output-use': (f, a) =>
    `${f.package}: ${f.license} forbids using its outputs to ${a.prohibits === 'improve-other-llm' ? 'improve another large language model' : 'create or improve another foundation model'}${a.except ? ` (except ${text(a.except)})` : ''} (${clauseOf(a)})`,
  'model-restriction/regional': (f, a) =>
    `${f.package}: ${f.license} grants no rights in its multimodal models to licensees domiciled in the ${text(a.region)} (end users of a product are not affected; ${clauseOf(a)})`,
  'model-license-conflict/derivative-of-base': (f, a) =>
    `${f.package}: ${text(a.claimedIn)} claims ${text(a.claimed)}, but it derives from ${text(a.base)}, whose ${text(a.baseLicense)} binds derivatives${a.clause ? ` (${text(a.clause)})` : ''}`,
  'model-license-unknown/model-unknown': (f, a) =>
    `${f.package}: a model named at ${text(a.at)} whose license licit does not know; check its model card and record the license`,
  'model-license-unknown/dataset-unknown': (f, a) =>
    `${f.package}: a dataset named at ${text(a.at)} whose license licit does not know; check its dataset card and record the license`,
  'model-context-needed/commercial-use-needed': (f, a) =>
    `${f.package}: ${f.license} allows only non-commercial use, and the context does not say whether this use is commercial: state commercialUse (${text(a.clauses)})`,
  'model-context-needed/facts-needed': (f, a) => `${f.package}: ${f.license} depends on facts the context does not state: ${text(a.facts)} (${text(a.clauses)})`,
  'unreadable-model-file/bad-magic': (f, a) => `${f.path ?? text(a.file)}: not a ${text(a.format)} file`,
  'unreadable-model-file/unsupported-version': (f, a) => `${f.path ?? text(a.file)}: ${text(a.format)} version ${text(a.version)} is not supported`,
  'unreadable-model-file/truncated': (f, a) => `${f.path ?? text(a.file)}: the ${text(a.format) || 'model'} header ends early (${text(a.what)})`,
  'unreadable-model-file/limit-exceeded': (f, a) =>
    `${f.path ?? text(a.file)}: the ${text(a.format) || 'model'} header claims ${text(a.what)} ${text(a.value)}, above the limit of ${text(a.max)}; not read`,
  'unreadable-model-file/header-size-mismatch': (f, a) => `${f.path ?? text(a.file)}: the ${text(a.format)} header length is larger than the file`,
  'unreadable-model-file/malformed': (f, a) => `${f.path ?? text(a.file)}: malformed ${text(a.format)} header (${text(a.reason)})`,
  'unreadable-model-file/read-error': (f, a) => `${f.path ?? text(a.file)}: could not be read (${text(a.error)})`,
  'invalid-license-metadata/malformed-model-card': (f, a) =>
    `${f.path ?? text(a.file)}: model card front matter could not be read (${text(a.reason)}${a.line ? `, line ${text(a.line)}` : ''})`,
  'declared-file-mismatch/model-metadata-vs-license-file': (f, a) => `${f.path ?? 'a model'}: its metadata says ${text(a.declared)} but its license files say ${text(a.files)}`,
  'unscanned-path/permission-denied': (f, a) => `${f.path ?? 'a path'}: could not be read (${text(a.error)}); what it holds was not audited`,
  'unscanned-path/unreadable': (f, a) => `${f.path ?? 'a file'}: could not be read (${text(a.error)}); its header was not audited`,
  'unscanned-path/malformed-manifest': (f, a) => `${f.path ?? 'a manifest'}: could not be read as its format (${text(a.error)}); the packages it pins were not audited`,
  'unscanned-path/symlink-loop': (f) => `${f.path ?? 'a link'}: a symbolic link that loops back into the tree; not followed`,
  'unreadable-package/project-refused': (f, a) => `${f.path ?? 'an npm project'}: the npm project could not be read (${text(a.error)}); its dependencies were not audited`,
};

function relationNote(args: Args): string {
  return args.relation === 'same-family' ? ' (one license family)' : args.relation ? ' (near-variant texts)' : '';
}

function chosenFrom(args: Args): string {
  if (!args.chosen) return '';
  return ` (chosen from ${text(args.expression)}${args.choiceReason === 'avoids-conflict' ? ' to avoid a license conflict elsewhere in the tree' : ''})`;
}

function projectLicense(args: Args): string {
  return args.projectLicense ? text(args.projectLicense) : 'none stated: all rights reserved';
}

/** One line saying what a finding is about. */
export function findingMessage(finding: Finding): string {
  return `${ownMessage(finding)}${platformBuilds(finding.args)}`;
}

const LISTED_BUILDS = 3;

/** A finding folded over a package's platform builds names them. */
function platformBuilds(args: Args): string {
  if (typeof args.platformBuildCount !== 'number' || typeof args.platformBuilds !== 'string') return '';
  const builds = args.platformBuilds.split(', ');
  const shown = builds.slice(0, LISTED_BUILDS).join(', ');
  const more = builds.length > LISTED_BUILDS ? ` and ${builds.length - LISTED_BUILDS} more` : '';
  return ` (one finding for ${args.platformBuildCount} platform builds of one package: ${shown}${more})`;
}

function ownMessage(finding: Finding): string {
  const render = Object.hasOwn(MESSAGES, `${finding.rule}/${finding.code}`) ? MESSAGES[`${finding.rule}/${finding.code}` as MessageKey] : undefined;
  // Finding's type admits only listed codes, so this is a finding built around the types: a bug, never a generic message.
  if (!render) throw new Error(`licit bug: no message for finding code ${finding.rule}/${finding.code}`);
  return render(finding, finding.args);
}

/** Where a model-license fact comes from: `clause 2 of llama-2.txt`, or the licensor's page. */
function clauseOf(args: Args): string {
  if (args.file) return `clause ${text(args.clause)} of ${text(args.file)}`;
  return text(args.url);
}
