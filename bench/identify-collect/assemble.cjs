// Run order (on a Debian bookworm machine with the sources below; see fixtures/identify/README.md):
//   node debian.cjs 10 > /tmp/idc/debian.json; node sample.cjs 20 <source trees...>; node poms.cjs; node assemble.cjs
const fs = require('fs'); const path = require('path');
const dest = '/work/ident/fixtures/identify'; const casesDir = path.join(dest, 'cases');
fs.rmSync(casesDir, { recursive: true, force: true }); fs.mkdirSync(casesDir, { recursive: true });
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
const cases = []; let n = 0;
const add = (kind, name, ext, text, expected, source) => {
  n++; const file = `${String(n).padStart(4, '0')}-${slug(name)}${ext}`;
  fs.writeFileSync(path.join(casesDir, file), text); cases.push({ file: `cases/${file}`, kind, expected, source });
};
for (const c of require('/tmp/idc/debian.json')) { if (c.text.length > 8000) continue; add('debian-copyright', `${c.pkg}-${c.label}`, '.txt', c.text, c.expected, `Debian bookworm /usr/share/doc/${c.pkg}/copyright, lines ${c.lines} (stand-alone "License: ${c.label}" paragraph; Debian's pointer to /usr/share/common-licenses dropped)`); }
for (const c of require('/tmp/idc/sources.json')) {
  const base = path.basename(c.file); const ext = path.extname(base) || '.txt';
  const src = c.file.startsWith('/tmp/srcpkgs/') ? `Debian bookworm source package ${c.file.replace('/tmp/srcpkgs/', '')} (apt-get source), first 60 lines` : `npm package file ${c.file.replace(/^\/work\/corpora-scale\/[^/]+\//, '')} (installed bench corpus), first 60 lines`;
  add('source-header', base.replace(/\.[^.]*$/, ''), ext, c.text, c.expected, src);
}
for (const c of require('/tmp/idc/poms.json')) { add('pom', path.basename(c.file, '.pom'), '.pom', c.text, c.expected, `Maven Central ${c.file.replace('/root/.m2/repository/', '')} (from its start to </licenses>)`); }
const PY = { 'PyYAML': 'MIT', 'blinker': 'MIT', 'cryptography-38': 'BSD-3-Clause OR Apache-2.0', 'distro': 'Apache-2.0', 'httplib2': 'MIT', 'pip': 'MIT', 'pyparsing': 'MIT', 'PyGObject': 'LGPL-2.0-or-later', 'PyJWT': 'MIT', 'Pygments': 'BSD-2-Clause', 'argcomplete': 'Apache-2.0', 'crcmod': 'MIT', 'dbus_python': 'MIT', 'lazr.restfulclient': 'LGPL-3.0-only', 'lazr.uri': 'LGPL-3.0-only', 'oauthlib': 'BSD-3-Clause', 'perf': 'GPL-2.0-only', 'pyOpenSSL': 'Apache-2.0', 'python_apt': 'GPL-1.0-or-later', 'setuptools': 'MIT', 'six': 'MIT', 'toml': 'MIT', 'wadllib': 'LGPL-3.0-only', 'wheel': 'MIT', 'xmltodict': 'MIT', 'yq': 'Apache-2.0' };
const dp = '/usr/lib/python3/dist-packages';
for (const d of fs.readdirSync(dp).sort()) {
  const m = /^(.*?)-\d.*\.(dist-info|egg-info)$/.exec(d); if (!m) continue;
  const key = Object.keys(PY).find((k) => d.startsWith(k + '-') && (k !== 'cryptography-38' || true)) || (d.startsWith('cryptography-38') ? 'cryptography-38' : null); if (!key) continue;
  const f = path.join(dp, d, m[2] === 'dist-info' ? 'METADATA' : 'PKG-INFO'); const t = fs.readFileSync(f, 'utf8');
  const head = t.split(/\n\n/)[0] + '\n';
  add('python-metadata', m[1], '.metadata', head, PY[key], `Debian bookworm ${f} (the header fields, long description left out)`);
}
fs.writeFileSync(path.join(dest, 'cases.json'), JSON.stringify({ $comment: 'Evaluation set of licit identify (bench/identify-eval.js). Each case: a real file (or the part named in source), its kind and the expected SPDX expression. Collected by bench/identify-collect/ (see fixtures/identify/README.md).', cases }, null, 1) + '\n');
console.log(cases.length, Object.entries(cases.reduce((a, c) => ((a[c.kind] = (a[c.kind] || 0) + 1), a), {})));
