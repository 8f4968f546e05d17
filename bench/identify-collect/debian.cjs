// Stand-alone License paragraphs of DEP-5 copyright files -> cases (body text, Debian's short name mapped to SPDX)
const fs = require('fs'); const path = require('path');
const MAP = {
  'GPL-2+': 'GPL-2.0-or-later', 'GPL-2.0+': 'GPL-2.0-or-later', 'GPL-2': 'GPL-2.0-only', 'GPL-3+': 'GPL-3.0-or-later', 'GPL-3': 'GPL-3.0-only',
  'GPL-1+': 'GPL-1.0-or-later', 'GPL': 'GPL-1.0-or-later', 'LGPL-2.1+': 'LGPL-2.1-or-later', 'LGPL-2.1': 'LGPL-2.1-only', 'LGPL-2+': 'LGPL-2.0-or-later',
  'LGPL-2.0+': 'LGPL-2.0-or-later', 'LGPL-2': 'LGPL-2.0-only', 'LGPL-3+': 'LGPL-3.0-or-later', 'LGPL-3': 'LGPL-3.0-only', 'Expat': 'MIT', 'expat': 'MIT', 'MIT': 'MIT',
  'BSD-3-clause': 'BSD-3-Clause', 'BSD-3-Clause': 'BSD-3-Clause', 'BSD-2-clause': 'BSD-2-Clause', 'BSD-2-Clause': 'BSD-2-Clause', 'ISC': 'ISC',
  'Apache-2.0': 'Apache-2.0', 'Apache-2': 'Apache-2.0', 'CC0-1.0': 'CC0-1.0', 'Zlib': 'Zlib', 'zlib': 'Zlib', 'ZLIB': 'Zlib', 'Artistic-2.0': 'Artistic-2.0',
  'MPL-2.0': 'MPL-2.0', 'MPL-1.1': 'MPL-1.1', 'BSL-1.0': 'BSL-1.0', 'FSFULLR': 'FSFULLR', 'FSFAP': 'FSFAP', 'FSFUL': 'FSFUL', 'BSD-4-clause': 'BSD-4-Clause',
  'AFL-2.1': 'AFL-2.1', 'AFL-2.0': 'AFL-2.0', 'Unicode-DFS-2016': 'Unicode-DFS-2016', 'OFL-1.1': 'OFL-1.1', 'PostgreSQL': 'PostgreSQL', 'bzip2-1.0.6': 'bzip2-1.0.6',
  'curl': 'curl', 'Beerware': 'Beerware', 'CC-BY-SA-3.0': 'CC-BY-SA-3.0', 'CC-BY-3.0': 'CC-BY-3.0', 'Latex2e': 'Latex2e',
  'GPL-2+ with Autoconf exception': 'GPL-2.0-or-later WITH Autoconf-exception-2.0', 'GPL-3+ with Autoconf exception': 'GPL-3.0-or-later WITH Autoconf-exception-3.0',
  'GPL-3+ with Bison exception': 'GPL-3.0-or-later WITH Bison-exception-2.2', 'GPL-2+ with Libtool exception': 'GPL-2.0-or-later WITH Libtool-exception',
  'GPL-2 with Linux-syscall-note exception': 'GPL-2.0-only WITH Linux-syscall-note', 'Apache-2.0 with LLVM exception': 'Apache-2.0 WITH LLVM-exception',
  'APACHE-2-LLVM-EXCEPTIONS': 'Apache-2.0 WITH LLVM-exception', 'GPL-2+ with Texinfo exception': 'GPL-2.0-or-later WITH Texinfo-exception',
  'LGPLv3+_or_GPLv2+': 'LGPL-3.0-or-later OR GPL-2.0-or-later', 'GPLv3+': 'GPL-3.0-or-later', 'LGPLv2.1+': 'LGPL-2.1-or-later', 'GFDL-NIV-1.3+': 'GFDL-1.3-no-invariants-or-later',
  'GPL-3+ with GCC-Runtime exception': 'GPL-3.0-or-later WITH GCC-exception-3.1', 'GPL-3+ with GCC runtime exception': 'GPL-3.0-or-later WITH GCC-exception-3.1',
  'GPL-2+ with OpenSSL exception': 'GPL-2.0-or-later WITH openvpn-openssl-exception', 'MPL-1.1 or GPL-2+ or LGPL-2.1+': 'MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later',
};
const PER_LABEL = Number(process.argv[2] || 10);
const out = []; const seen = new Set(); const perLabel = new Map();
for (const pkg of fs.readdirSync('/usr/share/doc').sort()) {
  const file = path.join('/usr/share/doc', pkg, 'copyright');
  let text; try { text = fs.readFileSync(file, 'utf8'); } catch { continue; }
  if (!/^Format:.*copyright-format/m.test(text)) continue;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^License:\s*(.+?)\s*$/.exec(lines[i]); if (!m) continue;
    // stand-alone paragraph: previous line blank (or start)
    if (i > 0 && lines[i - 1].trim() !== '') continue;
    const body = []; let j = i + 1;
    while (j < lines.length && /^\s/.test(lines[j]) && lines[j].trim() !== '') { body.push(lines[j]); j++; }
    if (body.length === 0) continue;
    const label = m[1]; let expected = MAP[label]; if (!expected) continue;
    let paras = body.map((l) => l.replace(/^ /, '')).map((l) => (l.trim() === '.' ? '' : l)).join('\n').split(/\n\s*\n/);
    paras = paras.filter((p) => !/On Debian|Debian systems|Debian GNU|\/usr\/share\/common-licenses/i.test(p));
    const notice = paras.join('\n\n').trim(); if (notice.split(/\s+/).length < 8) continue;
    if (label === 'GPL' && /version\s+\d/i.test(notice)) continue;
    const key = notice.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim(); if (seen.has(key)) continue; seen.add(key);
    if ((perLabel.get(label) || 0) >= PER_LABEL) continue; perLabel.set(label, (perLabel.get(label) || 0) + 1);
    out.push({ pkg, label, expected, text: notice + '\n', lines: `${i + 2}-${j}` });
  }
}
process.stdout.write(JSON.stringify(out));
