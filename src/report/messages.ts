import type { Finding } from '../model/index.js';

type Args = Finding['args'];
const text = (value: Args[string] | undefined): string => (value === null || value === undefined ? '' : String(value));

const MESSAGES: Record<string, (finding: Finding, args: Args) => string> = {
  'invalid-license-metadata/corrected': (f, a) => `${f.package}: license "${text(a.from)}" is not SPDX; read as ${text(a.to)}`,
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
  'unsafe-path/license-file-escape': (f, a) => `${f.package}: license file ${text(a.file)} links outside the package; refused to read it`,
  'unreadable-package/symlink-loop': (f) => `${f.path ?? 'an installed entry'} is a symlink loop; left out of the tree`,
  'unreadable-package/missing-package-json': (f) => `${f.package}: installed without a package.json`,
  'unreadable-license-file/binary': (f, a) => `${f.package}: license file ${text(a.file)} is binary, not text`,
  'unreadable-license-file/too-large': (f, a) => `${f.package}: license file ${text(a.file)} is too large; only its beginning was read`,
  'unreadable-license-file/unreadable': (f, a) => `${f.package}: license file ${text(a.file)} could not be read (${text(a.error)})`,
  'declared-file-mismatch/files-more-restrictive': (f, a) =>
    `${f.package}: metadata says ${text(a.declared)} but its license files say ${text(a.files)}; concluded ${text(a.concluded)}`,
  'declared-file-mismatch/metadata-more-restrictive': (f, a) =>
    `${f.package}: metadata says ${text(a.declared)} but its license files say ${text(a.files)}; concluded ${text(a.concluded)}`,
  'unknown-license/none-found': (f) => `${f.package}: no license found in its metadata or files`,
  'unknown-license/unrecognised': (f) => `${f.package}: license ${f.license ?? ''} is not recognised`,
};

/** One line saying what a finding is about. */
export function findingMessage(finding: Finding): string {
  const render = MESSAGES[`${finding.rule}/${finding.code}`];
  if (render) return render(finding, finding.args);
  const subject = finding.package ?? 'the project';
  const details = Object.entries(finding.args)
    .map(([key, value]) => `${key}: ${text(value)}`)
    .join(', ');
  return `${subject}: ${finding.rule}${finding.license ? ` (${finding.license})` : ''}${details ? ` — ${details}` : ''}`;
}
