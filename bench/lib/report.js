// Turn measured results into the gates and into text / Markdown tables.
import { formatRatio, formatSeconds, ratio } from './stats.js';

/** The performance gates of issue 2: licit's cost over the arborist floor it cannot avoid. */
export const GATES = [
  { id: 'no-text', label: 'licit --no-text / forceActual', numerator: 'licit-no-text', denominator: 'force-actual', limit: 1.15 },
  { id: 'lockfile', label: 'licit --lockfile-only / loadVirtual', numerator: 'licit-lockfile', denominator: 'load-virtual', limit: 1.2 },
  { id: 'full', label: 'licit scan (full) / forceActual', numerator: 'licit-full', denominator: 'force-actual', limit: 1.25 },
  // issue 19: the pull-request gate costs at most 1.3x a plain scan of the head
  { id: 'base-lockfile', label: 'licit --base --lockfile-only / --lockfile-only', numerator: 'licit-base-lockfile', denominator: 'licit-lockfile', limit: 1.3 },
  { id: 'base-full', label: 'licit --base / licit scan (full)', numerator: 'licit-base-full', denominator: 'licit-full', limit: 1.3 },
];

export function evaluateGates(commands) {
  const medianOf = (id, field = 'median') => commands.find((command) => command.id === id)?.[field];
  return GATES.map((gate) => {
    const value = ratio(medianOf(gate.numerator), medianOf(gate.denominator));
    const cpu = ratio(medianOf(gate.numerator, 'cpuMedian'), medianOf(gate.denominator, 'cpuMedian'));
    const verdict = value === undefined ? 'n/a' : value <= gate.limit ? 'PASS' : 'FAIL';
    return { ...gate, value, cpu, verdict };
  });
}

function pad(cells, widths) {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
}

function table(header, rows) {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  return [pad(header, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((row) => pad(row, widths))].join('\n');
}

function timeCell(command) {
  return command.status === 'ok' ? formatSeconds(command.median) : 'n/a';
}

/** The command every ratio is taken against: licit --no-text, or the forceActual floor when licit failed. */
function baselineOf(commands) {
  const licit = commands.find((command) => command.id === 'licit-no-text' && command.status === 'ok');
  if (licit) return licit;
  return commands.find((command) => command.id === 'force-actual' && command.status === 'ok');
}

function describeCheck(id, check) {
  if (!check) return undefined;
  if (check.error) return `${id}: n/a (${check.error})`;
  const parts = [
    `${id}: ${check.npmPackages} npm packages (summary.packages ${check.summaryPackages ?? 'absent'})`,
    `vs arborist ${check.arboristDistinct} distinct name@version`,
    `${check.missing} missing${check.missing ? ` e.g. ${check.missingExamples.join(', ')}` : ''}`,
    `${check.extra} extra${check.extra ? ` e.g. ${check.extraExamples.join(', ')}` : ''}`,
  ];
  if (check.licenseLost !== undefined) {
    parts.push(`${check.licenseLost} without a license although package.json has one${check.licenseLost ? ` e.g. ${check.licenseLostExamples.join(', ')}` : ''}`);
    if (check.licenseUnresolved) {
      parts.push(`${check.licenseUnresolved} whose declared license is reported but resolves to nothing (a finding) e.g. ${check.licenseUnresolvedExamples.join(', ')}`);
    }
  }
  return parts.join('; ');
}

/** Plain-text report of one corpus. */
export function corpusText(result) {
  const lines = [`== ${result.name}  (${result.dir})`];
  if (result.error) return [...lines, `   skipped: ${result.error}`].join('\n');
  if (result.arborist?.error) lines.push(`   arborist count: n/a (${result.arborist.error})`);
  else if (result.arborist) lines.push(`   arborist: ${result.arborist.nodes} installed packages, ${result.arborist.distinct} distinct name@version`);

  const baseline = baselineOf(result.commands);
  const header = ['command', 'median s', 'min s', 'cpu s', baseline?.id === 'force-actual' ? '× forceActual' : '× licit --no-text'];
  const rows = result.commands.map((command) => [
    command.label,
    timeCell(command),
    command.status === 'ok' ? formatSeconds(command.min) : '',
    command.status === 'ok' ? formatSeconds(command.cpuMedian) : '',
    command.status === 'ok' ? formatRatio(ratio(command.median, baseline?.median)) : '',
  ]);
  lines.push(table(header, rows));
  for (const command of result.commands.filter((candidate) => candidate.status !== 'ok')) {
    lines.push(`   n/a ${command.label}: ${command.reason ?? 'not run'}`);
  }

  lines.push('', 'gates:');
  for (const gate of result.gates) {
    lines.push(`   ${gate.label.padEnd(47)} ≤ ${gate.limit.toFixed(2)}   ${formatRatio(gate.value).padStart(7)}   ${gate.verdict}   (cpu ${formatRatio(gate.cpu)})`);
  }
  const checks = Object.entries(result.checks ?? {}).map(([id, check]) => describeCheck(id, check)).filter(Boolean);
  if (checks.length) lines.push('', 'counts:', ...checks.map((line) => `   ${line}`));
  if (result.licensecheck) {
    const lc = result.licensecheck;
    lines.push('', lc.error
      ? `licensecheck: n/a (${lc.error})`
      : `licensecheck (default options, --machine) over ${lc.files} license files: median ${formatSeconds(lc.median)} s = ${Math.round(lc.filesPerSecond)} files/s`);
  }
  return lines.join('\n');
}

/** One Markdown table, corpora as columns: medians, then gates, then counts. */
export function combinedMarkdown(results) {
  const corpora = results.filter((result) => !result.error);
  const header = `| command | ${corpora.map((result) => result.name).join(' | ')} |`;
  const rule = `|---|${corpora.map(() => '---:').join('|')}|`;
  const labels = [];
  for (const result of corpora) {
    for (const command of result.commands) if (!labels.some((l) => l.id === command.id)) labels.push(command);
  }
  const cell = (result, id) => {
    const command = result.commands.find((candidate) => candidate.id === id);
    if (!command) return '–';
    return command.status === 'ok' ? `${formatSeconds(command.median)} s` : 'n/a';
  };
  const rows = labels.map((command) => `| ${command.label} | ${corpora.map((result) => cell(result, command.id)).join(' | ')} |`);
  for (const gate of GATES) {
    rows.push(`| **gate** ${gate.label} ≤ ${gate.limit} | ${corpora.map((result) => {
      const evaluated = result.gates.find((candidate) => candidate.id === gate.id);
      return evaluated.value === undefined ? 'n/a' : `${formatRatio(evaluated.value)} ${evaluated.verdict}`;
    }).join(' | ')} |`);
  }
  rows.push(`| arborist distinct name@version | ${corpora.map((result) => result.arborist?.distinct ?? 'n/a').join(' | ')} |`);
  rows.push(`| licit packages (full scan) | ${corpora.map((result) => result.checks?.['licit-full']?.npmPackages ?? 'n/a').join(' | ')} |`);
  rows.push(`| licit: no license but package.json has one | ${corpora.map((result) => result.checks?.['licit-full']?.licenseLost ?? 'n/a').join(' | ')} |`);
  if (corpora.some((result) => result.licensecheck && !result.licensecheck.error)) {
    rows.push(`| Debian licensecheck over the license files | ${corpora.map((result) => {
      const lc = result.licensecheck;
      return !lc || lc.error ? 'n/a' : `${formatSeconds(lc.median)} s (${lc.files} files, ${Math.round(lc.filesPerSecond)}/s)`;
    }).join(' | ')} |`);
  }
  return [header, rule, ...rows].join('\n');
}
