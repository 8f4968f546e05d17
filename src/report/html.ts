// report.html: the audit for a reader who is not an engineer. One self-contained page (no network: styles,
// charts and the script are inline), printable to PDF. Charts are hand-drawn SVG bars: three small charts
// need no library, print as vectors, and keep the page a few kilobytes. Pure: (result, options) -> string.
import type { Category, Component, Finding, ScanResult } from '../model/index.js';
import { CATEGORIES, ownValue } from '../model/index.js';
import { findingMessage } from './messages.js';

export interface HtmlOptions {
  failOn: 'error' | 'warning' | 'never';
  /** Each rule id's title (rules/finding-rules.json). */
  rules: Record<string, { title: string }>;
}

const OBLIGATION_PHRASES: Record<string, string> = {
  'include-license-text': 'Ship the license text of',
  'include-copyright': 'Keep and reproduce the copyright notices of',
  'include-notice-file': 'Reproduce the NOTICE of',
  'disclose-source': 'Offer the source code of',
  'same-license-file': 'Keep modified files under the same license:',
  'same-license-library': 'Offer the source of the library and allow relinking:',
  'same-license-work': 'Distribute the whole work under the same license, because of',
  'network-use-disclosure': 'Offer the source to network users of',
  'state-changes': 'Mark the changes made to',
  'attribution-phrase': 'Show the required credit phrase for',
  'no-trademark-use': 'Do not use the names or trademarks of',
  'obtain-license': 'Obtain a license from the rights holder of',
  'review-terms': 'Have a person read the terms of',
  royalty: 'Pay the royalty owed for',
};

export function toHtmlReport(result: ScanResult, options: HtmlOptions): string {
  const failed = options.failOn !== 'never' && (result.summary.errors > 0 || (options.failOn === 'warning' && result.summary.warnings > 0));
  const title = `License audit of ${result.root.name}${result.root.version ? ` ${result.root.version}` : ''}`;
  const body = [
    `<header><h1>${esc(title)}</h1><p class="verdict ${failed ? 'fail' : 'pass'}" id="verdict">${failed ? 'FAIL' : 'PASS'}</p>`,
    `<p>${result.components.length} components · ${result.summary.errors} errors · ${result.summary.warnings} warnings · ${result.summary.suppressed ?? 0} waived · project license ${code(result.root.license ?? 'none stated')}</p></header>`,
    riskSummary(result),
    charts(result),
    inventory(result.components, result.findings),
    findingsSection(result.findings, result.components, options),
    obligationsSection(result),
    waivers(result.suppressed ?? []),
    methodology(result),
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function riskSummary(result: ScanResult): string {
  const errors = result.findings.filter((finding) => finding.severity === 'error');
  const byRule = countBy(errors, (finding) => finding.rule);
  const items = [...byRule].map(([rule, count]) => `<li><strong>${count}</strong> ${esc(rule)}</li>`).join('');
  const kinds = Object.entries(result.summary.byKind ?? {}).map(([kind, count]) => `<li><strong>${count}</strong> ${esc(kind)}</li>`).join('');
  return `<section id="summary"><h2>Risk summary</h2><div class="columns"><div><h3>Errors by rule</h3><ul>${items || '<li>none</li>'}</ul></div><div><h3>Components by kind</h3><ul>${kinds}</ul></div></div></section>`;
}

function charts(result: ScanResult): string {
  const categories = CATEGORIES.map((category) => [category, result.summary.byCategory[category] ?? 0] as const).filter(([, count]) => count > 0);
  const kinds = [...countBy(result.components, (component) => component.kind)];
  const bound = new Map<string, Set<string>>();
  for (const obligation of result.obligations) bound.set(obligation.obligation, new Set([...(bound.get(obligation.obligation) ?? []), ...obligation.packages]));
  const obligations = [...bound].map(([obligation, packages]) => [obligation, packages.size] as const).sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  const reach = [...countBy(result.findings.filter((finding) => finding.severity === 'error' && finding.package), (finding) => finding.package!)]
    .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
    .slice(0, 10);
  return `<section id="charts"><h2>Charts</h2><div class="columns">
${barChart('License categories', categories, (label) => `cat-${label}`)}
${barChart('Ecosystems', kinds)}
${barChart('Obligations (components bound)', obligations.slice(0, 12))}
${barChart('Top risks (errors per component)', reach)}
</div></section>`;
}

function barChart(title: string, rows: readonly (readonly [string, number])[], classOf?: (label: string) => string): string {
  if (rows.length === 0) return `<figure><figcaption>${esc(title)}</figcaption><p>none</p></figure>`;
  const max = Math.max(...rows.map(([, count]) => count));
  const rowHeight = 22;
  const width = 420;
  const labelWidth = 200;
  const bars = rows
    .map(([label, count], index) => {
      const y = index * rowHeight;
      const length = Math.max(2, Math.round(((width - labelWidth - 40) * count) / max));
      return `<text x="0" y="${y + 15}">${esc(shorten(label, 30))}</text><rect class="${classOf ? esc(classOf(label)) : 'bar'}" x="${labelWidth}" y="${y + 4}" width="${length}" height="14"><title>${esc(label)}: ${count}</title></rect><text x="${labelWidth + length + 6}" y="${y + 15}">${count}</text>`;
    })
    .join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${rows.length * rowHeight}" width="${width}" height="${rows.length * rowHeight}">${bars}</svg></figure>`;
}

function inventory(components: readonly Component[], findings: readonly Finding[]): string {
  const counts = countBy(findings.filter((finding) => finding.package), (finding) => finding.package!);
  const rows = components
    .map((component) => {
      const license = component.license.chosen ?? component.license.expression ?? '';
      const cells = [component.kind, component.name, component.version ?? '', license, component.category, (component.paths[0] ?? ''), String(counts.get(component.ref) ?? 0)];
      return `<tr>${cells.map((cell, index) => `<td${index === 3 || index === 5 ? ' class="mono"' : ''}>${esc(cell)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  const headers = ['kind', 'name', 'version', 'license', 'category', 'path', 'findings'];
  return `<section id="inventory"><h2>Inventory</h2>
<p class="noprint"><label>Search <input id="search" type="search" placeholder="name, license, path…"></label> <span id="shown">${components.length}</span> of ${components.length} shown</p>
<table id="inventory-table"><thead><tr>${headers.map((header, index) => `<th data-column="${index}"${index === 6 ? ' data-numeric="1"' : ''} tabindex="0">${header}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table></section>`;
}

function findingsSection(findings: readonly Finding[], components: readonly Component[], options: HtmlOptions): string {
  if (findings.length === 0) return '<section id="findings"><h2>Findings</h2><p>None.</p></section>';
  const byRef = new Map(components.map((component) => [component.ref, component]));
  const items = findings.map((finding) => {
    const component = finding.package ? byRef.get(finding.package) : undefined;
    return `<article class="finding ${finding.severity}"><h3><span class="badge">${finding.severity}</span> ${esc(options.rules[finding.rule]?.title ?? finding.rule)} <code>${esc(finding.rule)}/${esc(finding.code)}</code></h3>
<p>${esc(findingMessage(finding))}</p>${evidence(finding, component)}
<p class="fix"><strong>How to fix:</strong> ${esc(finding.howToFix)}</p></article>`;
  });
  return `<section id="findings"><h2>Findings (${findings.length})</h2>${items.join('\n')}</section>`;
}

/** The evidence of a finding: file and line, the license text's span, or the dependency chain. */
function evidence(finding: Finding, component: Component | undefined): string {
  const lines: string[] = [];
  const line = typeof finding.args.line === 'number' ? finding.args.line : null;
  if (finding.path) lines.push(`<li>at <code>${esc(finding.path)}${line ? `:${line}` : ''}</code></li>`);
  for (const file of component?.license.files ?? []) {
    for (const part of file.parts ?? []) {
      lines.push(`<li>${esc(file.path)} lines ${part.startLine}-${part.endLine}: ${code(part.license)} (${part.role}, confidence ${part.confidence.toFixed(2)})</li>`);
    }
  }
  if (finding.via.length > 1 && component?.kind === 'npm') lines.push(`<li>dependency chain: ${finding.via.map(code).join(' → ')}</li>`);
  return lines.length > 0 ? `<ul class="evidence">${lines.join('')}</ul>` : '';
}

function obligationsSection(result: ScanResult): string {
  const items: string[] = result.obligations.map((obligation) => {
    const phrase = ownValue(OBLIGATION_PHRASES, obligation.obligation) ?? `${obligation.obligation}:`;
    return checkbox(`${phrase} ${obligation.packages.join(', ')} (${obligation.license})`);
  });
  for (const finding of result.findings) {
    if (finding.rule === 'incompatible-with-project' && finding.package?.startsWith('file:')) {
      items.push(checkbox(`Remove or relicense file ${finding.path ?? finding.package.slice(5)} (${finding.license ?? 'unknown'})`));
    } else if (finding.rule === 'incompatible-with-project' && finding.code === 'library-copyleft') {
      items.push(checkbox(`Offer the ${finding.license ?? ''} source of ${finding.package ?? ''} and allow relinking`));
    }
  }
  items.push(checkbox('Ship THIRD-PARTY-NOTICES.md (this folder) with every distribution'));
  return `<section id="obligations"><h2>Obligations checklist</h2><ul class="checklist">${items.join('')}</ul></section>`;
}

function checkbox(text: string): string {
  return `<li><label><input type="checkbox"> ${esc(text)}</label></li>`;
}

function waivers(suppressed: readonly Finding[]): string {
  if (suppressed.length === 0) return '<section id="waivers"><h2>Waivers</h2><p>None.</p></section>';
  const rows = suppressed
    .map((finding) => `<tr><td>${esc(finding.package ?? '')}</td><td>${esc(finding.rule)}</td><td>${esc(finding.suppression?.reason ?? '')}</td><td>${esc(finding.suppression?.comment ?? '')}</td><td>${esc(finding.suppression?.expires ?? '')}</td></tr>`)
    .join('');
  return `<section id="waivers"><h2>Waivers</h2><table><thead><tr><th>component</th><th>rule</th><th>reason</th><th>comment</th><th>expires</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function methodology(result: ScanResult): string {
  const audit = result.audit;
  const notScanned = (audit?.notScanned ?? []).map((entry) => `<li><code>${esc(entry.path)}</code>: ${esc(entry.reason)}</li>`).join('');
  const headers = Object.entries(audit?.firstParty.headers ?? {}).map(([license, count]) => `<li>${code(license)}: ${count}</li>`).join('');
  return `<section id="methodology"><h2>Methodology and limits</h2>
<p>Generated by licit ${esc(result.tool.version)} with the SPDX License List ${esc(result.tool.spdxLicenseListVersion)}. One walk of the tree listed ${audit?.files ?? 0} files; the headers of ${audit?.sourceFiles ?? 0} source files were read (their first 16 KiB). npm projects: ${(audit?.npmProjects ?? []).map(code).join(', ') || 'none'}.</p>
<p>Read: npm trees (installed packages, else lockfiles), Python installed metadata (*.dist-info, *.egg-info) and pinned manifests (licenses unknown unless installed), vendored directories (license files, README.chromium, *.ABOUT, package.json, file headers), minified bundles' banners, first-party source headers and SPDX tags, AI model cards and references.</p>
<p>Not read: Cargo and Go vendored modules as such (their directories are vendored components), registries (no network), binaries, files inside installed Python packages beyond their metadata, and the ignored paths: ${(audit?.ignored ?? []).map(code).join(', ') || 'none'}.</p>
<h3>First-party file headers</h3><ul>${headers || '<li>none</li>'}</ul>
<h3>Not scanned</h3><ul>${notScanned || '<li>nothing</li>'}</ul></section>`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => compareText(a[0], b[0])));
}

function shorten(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function code(text: string): string {
  return `<code>${esc(text)}</code>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const CATEGORY_COLOURS: Record<Category, string> = {
  permissive: '#3a7d44',
  'weak-copyleft': '#d9a400',
  'strong-copyleft': '#c0392b',
  model: '#6c5ce7',
  'source-available': '#e67e22',
  proprietary: '#7f1d1d',
  unknown: '#7f8c8d',
};

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:1rem 2rem;color:#1d1d1f}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
.verdict{display:inline-block;font-weight:700;padding:.2rem .8rem;border-radius:4px;color:#fff}.verdict.pass{background:#3a7d44}.verdict.fail{background:#c0392b}
.columns{display:flex;flex-wrap:wrap;gap:2rem}figure{margin:0}figcaption{font-weight:600;margin-bottom:.3rem}
svg text{font-size:12px;fill:#1d1d1f}rect.bar{fill:#2f6690}
${Object.entries(CATEGORY_COLOURS).map(([category, colour]) => `rect.cat-${category}{fill:${colour}}`).join('')}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e3e3e3;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f4f4f6}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
.mono,code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.finding{border-left:4px solid #7f8c8d;padding:.2rem .8rem;margin:.8rem 0;break-inside:avoid}.finding.error{border-color:#c0392b}.finding.warning{border-color:#d9a400}
.finding h3{font-size:1rem;margin:.3rem 0}.badge{text-transform:uppercase;font-size:11px;background:#eee;padding:0 .3rem;border-radius:3px}
.checklist{list-style:none;padding-left:0}.checklist li{margin:.2rem 0}
@media print{.noprint{display:none}body{max-width:none;padding:0}th{cursor:auto}a{color:inherit}}
`;

/** Search filters the inventory's rows; a click (or Enter) on a header sorts by that column. */
const SCRIPT = `
(function(){
  var table=document.getElementById('inventory-table');if(!table)return;
  var body=table.tBodies[0];var search=document.getElementById('search');var shown=document.getElementById('shown');
  search.addEventListener('input',function(){
    var words=search.value.toLowerCase().split(/\\s+/).filter(Boolean);var count=0;
    Array.prototype.forEach.call(body.rows,function(row){
      var text=row.textContent.toLowerCase();var match=words.every(function(word){return text.indexOf(word)!==-1});
      row.hidden=!match;if(match)count++;
    });
    shown.textContent=String(count);
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(header){
    var sort=function(){
      var column=Number(header.getAttribute('data-column'));var numeric=header.hasAttribute('data-numeric');
      var ascending=header.getAttribute('aria-sort')!=='ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(other){other.removeAttribute('aria-sort')});
      header.setAttribute('aria-sort',ascending?'ascending':'descending');
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[column].textContent,y=b.cells[column].textContent;
        var order=numeric?Number(x)-Number(y):x.localeCompare(y);
        return ascending?order:-order;
      });
      rows.forEach(function(row){body.appendChild(row)});
    };
    header.addEventListener('click',sort);
    header.addEventListener('keydown',function(event){if(event.key==='Enter')sort()});
  });
})();
`;
