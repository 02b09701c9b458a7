// Layer and cycle rules that `npm run lint` checks (dependency-cruiser). The folder tree is the
// data flow, bottom to top:
//
//   portable   code the exported example ships unchanged; imports nothing of ours
//   protocol   wire types (types only); may name types of ml and portable
//   lib        browser helpers (decoding, IndexedDB, files, zip); imports only portable and protocol
//   ml         pure TypeScript over tfjs, no DOM; imports only portable
//   worker     the ML and decode workers; import ml through its public entries (src/ml/index.ts
//              for the ML worker; src/ml/*-entry.ts, small ones for the decode worker's chunks)
//   state      zustand stores; never the worker
//   app        the flows between stores and the worker
//   features   React components by area
//   main.tsx, features/shell   the top: may import anything
//
// An import may only go down this list (or sideways within a folder), type-only imports included,
// and no file or folder may be part of an import cycle.
const below = (...folders) => `^src/(${folders.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No file may import itself through other files.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'No folder may import itself through other folders.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'portable-imports-nothing',
      severity: 'error',
      comment: 'src/portable ships unchanged in the exported example: it imports nothing of ours.',
      from: { path: '^src/portable/' },
      to: { path: '^src/', pathNot: '^src/portable/' },
    },
    {
      name: 'protocol-types-only',
      severity: 'error',
      comment: 'src/protocol holds types only, so that every layer may import it without pulling code.',
      from: { path: '^src/protocol/' },
      to: { dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'protocol-not-up',
      severity: 'error',
      comment: 'Wire types may name types of ml and portable only (lib imports them, so not lib).',
      from: { path: '^src/protocol/' },
      to: { path: '^src/', pathNot: below('protocol', 'ml', 'portable') },
    },
    {
      name: 'lib-not-up',
      severity: 'error',
      comment:
        'src/lib sits below everything: it may import only portable and the wire types, and the trunk catalogue ' +
        '(src/ml/trunk-catalog.json: data, no code; project files check embedding sizes against it).',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: [below('lib', 'portable', 'protocol'), '^src/ml/trunk-catalog[.]json$'] },
    },
    {
      name: 'ml-not-up',
      severity: 'error',
      comment: 'src/ml is pure TypeScript over tfjs: only itself and portable.',
      from: { path: '^src/ml/' },
      to: { path: '^src/', pathNot: below('ml', 'portable') },
    },
    {
      name: 'ml-no-ui-or-browser-storage',
      severity: 'error',
      comment: 'src/ml runs on Node in tests and in workers: no React, stores, charts, IndexedDB or worker RPC.',
      from: { path: '^src/ml/' },
      to: { path: '^node_modules/(react|react-dom|zustand|recharts|idb|comlink)/' },
    },
    {
      name: 'worker-not-up',
      severity: 'error',
      comment: 'The workers never import the page: stores, flows, components.',
      from: { path: '^src/worker/' },
      to: { path: below('state', 'app', 'features') },
    },
    {
      name: 'worker-uses-ml-entry',
      severity: 'error',
      comment:
        'The workers use src/ml through its public entries: src/ml/index.ts (ML worker), src/ml/*-entry.ts (smaller bundles of the decode worker). Tests may reach ml/testing.',
      from: { path: '^src/worker/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/ml/', pathNot: '^src/ml/(index|[a-z-]+-entry)\\.ts$' },
    },
    {
      name: 'state-not-up',
      severity: 'error',
      comment: 'Stores hold what the UI shows; they never call the worker, the flows or components.',
      from: { path: '^src/state/' },
      to: { path: below('worker', 'app', 'features') },
    },
    {
      name: 'app-not-up',
      severity: 'error',
      comment: 'Flows never import components (the shell at src/features/shell is the top).',
      from: { path: '^src/app/' },
      to: { path: below('features') },
    },
    {
      name: 'nothing-imports-the-top',
      severity: 'error',
      comment: 'src/main.tsx and src/features/shell are the top: nothing below imports them.',
      from: { path: '^src/', pathNot: '^src/(main\\.tsx$|features/shell/)' },
      to: { path: '^src/(main\\.tsx$|features/shell/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    exclude: { path: ['^(dist|public)'] },
  },
};
