// The audit's pure parts: the tree's layout by owner, Python core metadata and manifests, source
// headers and minified bundles' banners.
import { describe, expect, test } from 'vitest';
import { layoutOf } from '../src/walk/audit/layout.js';
import { parseCoreMetadata, pypiPurl } from '../src/walk/python/metadata.js';
import { MalformedManifestError, pinnedRequirements } from '../src/walk/python/manifests.js';
import { bannerIdentity, bannerTerms, sourceHeader } from '../src/walk/source/header.js';

describe('layout: each file has one owner', () => {
  const files = [
    'package.json', 'package-lock.json', 'LICENSE', 'src/a.ts',
    'third_party/zlib/zlib.h', 'third_party/zlib/contrib/minizip/LICENSE', 'third_party/zlib/contrib/minizip/unzip.c',
    'lib/vendored-thing/COPYING', 'lib/vendored-thing/x.c',
    'packages/ui/package.json', 'packages/ui/index.ts',
    'tools/legacy/package.json', 'tools/legacy/index.js',
    'env/pyvenv.cfg', 'env/lib/python3.12/site-packages/six-1.16.0.dist-info/METADATA', 'env/lib/python3.12/site-packages/six.py',
    'requirements-dev.txt', 'vendor/stb_image.h',
  ];
  const layout = layoutOf({ files, workspaceRoots: new Set(['']) });

  test('npm projects, Python installs and manifests', () => {
    expect(layout.npmProjects).toEqual(['']);
    expect(layout.pythonInstalls).toEqual(['env/lib/python3.12/site-packages/six-1.16.0.dist-info']);
    expect(layout.pythonManifests).toEqual(['requirements-dev.txt']);
  });

  test('vendored directories own their files; the innermost one wins; a workspace member is first-party', () => {
    expect(Object.fromEntries(layout.vendored.map((entry) => [entry.directory, entry.files]))).toEqual({
      'third_party/zlib': ['third_party/zlib/zlib.h'],
      'third_party/zlib/contrib/minizip': ['third_party/zlib/contrib/minizip/LICENSE', 'third_party/zlib/contrib/minizip/unzip.c'],
      'lib/vendored-thing': ['lib/vendored-thing/COPYING', 'lib/vendored-thing/x.c'],
      vendor: ['vendor/stb_image.h'],
    });
    expect(layout.firstParty).toEqual(['package.json', 'package-lock.json', 'LICENSE', 'src/a.ts', 'packages/ui/package.json', 'packages/ui/index.ts', 'tools/legacy/package.json', 'tools/legacy/index.js']);
  });

  test('without workspaces, a package.json without a lockfile marks a vendored directory', () => {
    const plain = layoutOf({ files, workspaceRoots: new Set() });
    expect(plain.vendored.map((entry) => entry.directory)).toContain('tools/legacy');
  });
});

describe('Python metadata and manifests', () => {
  test('core metadata: folded License lines, classifiers, License-File, authors', () => {
    const metadata = parseCoreMetadata(
      'Metadata-Version: 2.1\nName: Foo_Bar\nVersion: 1.0\nLicense: BSD 3-Clause\n        Copyright (c) 2020 Foo\nAuthor: Ann\nAuthor-email: Ann <ann@example.org>, Bob <bob@example.org>\nClassifier: License :: OSI Approved :: MIT License\nClassifier: Topic :: Utilities\nLicense-File: LICENSE.txt\n\nLicense: not a header any more\n',
    );
    expect(metadata).toEqual({
      name: 'Foo_Bar',
      version: '1.0',
      licenseExpression: null,
      license: 'BSD 3-Clause\nCopyright (c) 2020 Foo',
      licenseClassifiers: ['License :: OSI Approved :: MIT License'],
      licenseFiles: ['LICENSE.txt'],
      authors: ['Ann', 'Ann <ann@example.org>', 'Bob <bob@example.org>'],
    });
    expect(pypiPurl('Foo_Bar', '1.0')).toBe('pkg:pypi/foo-bar@1.0');
  });

  test('requirements, poetry.lock / uv.lock and Pipfile.lock pins', () => {
    expect(pinnedRequirements('requirements.txt', '# c\nrequests==2.31.0 ; python_version > "3"\n-r base.txt\nflask>=2\n./local\n')).toEqual([
      { name: 'requests', version: '2.31.0', line: 2, dev: false, direct: true },
      { name: 'flask', version: null, line: 4, dev: false, direct: true },
    ]);
    expect(pinnedRequirements('poetry.lock', '[[package]]\nname = "six"\nversion = "1.16.0"\ncategory = "dev"\n\n[package.dependencies]\nname = "x"\n\n[[package]]\nname = "idna"\nversion = "3.6"\n\n[metadata]\nname = "no"\n')).toEqual([
      { name: 'six', version: '1.16.0', line: 1, dev: true, direct: false },
      { name: 'idna', version: '3.6', line: 9, dev: false, direct: false },
    ]);
    expect(pinnedRequirements('Pipfile.lock', '{"default": {"idna": {"version": "==3.6"}}, "develop": {"pytest": {"version": "==8.0.0"}}}').map((pin) => [pin.name, pin.version, pin.dev])).toEqual([
      ['idna', '3.6', false],
      ['pytest', '8.0.0', true],
    ]);
    expect(() => pinnedRequirements('Pipfile.lock', '{ broken')).toThrow(MalformedManifestError);
  });
});

describe('source headers and banners', () => {
  test('the leading comment is kept with its line numbers; code and later comments are blanked', () => {
    const header = sourceHeader('#!/usr/bin/env node\n// Copyright 2020 A\n// SPDX-License-Identifier: MIT\nconst licence = 1;\n// license later\n');
    expect(header?.text).toBe('\n// Copyright 2020 A\n// SPDX-License-Identifier: MIT\n\n\n');
    expect(sourceHeader('const x = 1;\n')).toBeNull();
    expect(sourceHeader('/* utility */\nconst license = readLicense();\n')).toBeNull();
  });

  test('a banner gives the bundle its name, version, license words and copyright', () => {
    const header = '/*! jQuery v3.7.1 | (c) OpenJS Foundation and other contributors | jquery.org/license */';
    expect(bannerIdentity(header)).toEqual({ name: 'jQuery', version: '3.7.1' });
    expect(bannerTerms(header)).toEqual({ license: 'jquery.org/license', copyrights: ['(c) OpenJS Foundation and other contributors'] });
    expect(bannerTerms('/*! tiny v1.0.0 | @license MIT */').license).toBe('MIT');
  });
});
