const fs = require('fs'); const path = require('path'); const { label } = require('./label.cjs');
const EXT = /\.(c|h|cc|cpp|hpp|py|pl|pm|java|js|mjs|cjs|sh|m4|in|tcl|lua|am|ac|ts|rb|go|rs|mk|cmake)$|^(config\.guess|config\.sub|ltmain\.sh|install-sh|depcomp|missing|compile)$/;
function* walk(dir) { for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) { const p = path.join(dir, e.name); if (e.isDirectory()) { if (['.git', 'debian', '.bin'].includes(e.name)) continue; yield* walk(p); } else if (e.isFile() && EXT.test(e.name)) yield p; } }
const PER_PKG_LABEL = 4, PER_LABEL = Number(process.argv[2] || 22);
const pk = (f) => f.startsWith('/tmp/srcpkgs/') ? 'debian-src:' + f.split('/')[3] : 'npm:' + (/node_modules\/((@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(f) || [, '?'])[1];
const seen = new Set(), perPL = new Map(), perL = new Map(), out = [];
for (const root of process.argv.slice(3)) for (const file of walk(root)) {
  let text; try { text = fs.readFileSync(file, 'utf8'); } catch { continue; }
  if (text.includes('\0') || text.length < 40) continue;
  const head = text.split('\n').slice(0, 60).join('\n');
  if (head.length > 6000) continue;
  const lab = label(head, file); if (!lab) continue;
  const key = head.split('\n').filter((l) => !/copyright|\(c\)|©|written by|author|^\W*$/i.test(l)).join(' ').toLowerCase().replace(/[^a-z]+/g, ' ').replace(/^.*?(licen|permission|free software|spdx)/, '$1').slice(0, 600);
  if (seen.has(key)) continue; seen.add(key);
  const p = pk(file), pl = p + '|' + lab;
  if ((perPL.get(pl) || 0) >= PER_PKG_LABEL || (perL.get(lab) || 0) >= PER_LABEL) continue;
  perPL.set(pl, (perPL.get(pl) || 0) + 1); perL.set(lab, (perL.get(lab) || 0) + 1);
  out.push({ file, pkg: p, expected: lab, text: head.endsWith('\n') ? head : head + '\n' });
}
fs.writeFileSync('/tmp/idc/sources.json', JSON.stringify(out));
console.log(out.length, Object.fromEntries(perL));
