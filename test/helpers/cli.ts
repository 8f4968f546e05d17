import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixture = (name: string): string => join(repoRoot, 'fixtures', name);
const bin = join(repoRoot, 'bin', 'licit.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would (`npm test` builds dist/ before the tests). */
export function runLicit(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1700000000', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch copy of a fixture, for tests that write into the tree. */
export function copyFixture(name: string): string {
  const target = mkdtempSync(join(tmpdir(), 'licit-fixture-'));
  cpSync(fixture(name), target, { recursive: true, verbatimSymlinks: true });
  return target;
}

export const scratchDir = (): string => mkdtempSync(join(tmpdir(), 'licit-out-'));

const ajv = new Ajv({ allErrors: true, strict: false });
const reportSchema = ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'schema', 'report-v1.schema.json'), 'utf8')) as object);

/** Parses a JSON report and validates it against the published schema; throws with the schema errors. */
export function parseReport(text: string): Report {
  const value = JSON.parse(text) as unknown;
  if (!reportSchema(value)) throw new Error(`report does not match schema/report-v1.schema.json: ${ajv.errorsText(reportSchema.errors)}`);
  return value as Report;
}

export interface ReportPackage {
  kind: string;
  name: string;
  version: string | null;
  purl: string;
  scopes: string[];
  direct: boolean;
  paths: string[];
  via: string[];
  license: { declared: string | null; expression: string | null; source: string; files: { path: string; expression: string | null }[] };
  category: string;
  origin?: string;
  bundled?: boolean;
  extraneous?: boolean;
  linked?: boolean;
  dependencies: string[];
}

export interface ReportFinding {
  rule: string;
  severity: string;
  code: string;
  package: string | null;
  license: string | null;
  via: string[];
  message: string;
}

export interface Report {
  schemaVersion: 1;
  mode: string;
  root: { name: string; version: string | null; license: string | null; workspaces: { name: string; path: string }[]; dependsOn: string[] };
  packages: ReportPackage[];
  findings: ReportFinding[];
  summary: { packages: number; byCategory: Record<string, number>; errors: number; warnings: number };
}

export const byName = (report: Report, name: string, version?: string): ReportPackage => {
  const found = report.packages.find((entry) => entry.name === name && (version === undefined || entry.version === version));
  if (!found) throw new Error(`no package ${name}${version ? `@${version}` : ''} in the report`);
  return found;
};
