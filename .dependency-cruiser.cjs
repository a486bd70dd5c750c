/**
 * The direction of imports (docs/architecture.md): doors (api, web, cli) → app / reports / present →
 * projections / domain → store → events. Events import nothing of ours, the domain never imports a store,
 * projection reducers import only events, the reports never import a door, and only the CLI imports the
 * composition root (src/server). No cycles. `npm run lint` runs this.
 */
const DOORS = '^src/(api|web|cli)/|^src/cli\\.ts$';
const ours = (path) => ({ path });
/** Reducers: every projection module but the runtime, replay, contexts, checkpoints and the report fold (those read the store). */
const REDUCERS = '^projections/(?!(runtime|replay|contexts|report-fold|checkpoints)\\.ts$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'events-import-nothing-of-ours',
      comment: 'src/events is the vocabulary: it imports only itself (and libraries)',
      severity: 'error',
      from: ours('^src/events/'),
      to: { path: '^(src|projections)/', pathNot: '^src/events/' },
    },
    {
      name: 'clock-is-a-leaf',
      severity: 'error',
      from: ours('^src/clock\\.ts$'),
      to: { path: '^(src|projections)/' },
    },
    {
      name: 'store-imports-only-events',
      comment: 'the store knows events and the clock, nothing above it',
      severity: 'error',
      from: ours('^src/store/'),
      to: { path: '^(src|projections)/', pathNot: '^src/(store|events)/|^src/clock\\.ts$' },
    },
    {
      name: 'domain-is-pure',
      comment: 'the rules import events (and each other), never a store, a projection, the shell or a door',
      severity: 'error',
      from: ours('^src/domain/'),
      to: { path: '^(src|projections)/', pathNot: '^src/(domain|events)/' },
    },
    {
      name: 'reducers-import-only-events',
      severity: 'error',
      from: ours(REDUCERS),
      to: { path: '^(src|projections)/', pathNot: '^src/events/|' + REDUCERS },
    },
    {
      name: 'projections-below-app',
      comment: 'the runtime, replay and report fold read the store; nothing of the domain, the shell or above',
      severity: 'error',
      from: ours('^projections/'),
      to: { path: '^src/', pathNot: '^src/(events|store)/|^src/clock\\.ts$' },
    },
    {
      name: 'app-below-doors',
      comment: 'the command shell uses the rules and the store; not the read side, the voice, the reports or a door',
      severity: 'error',
      from: ours('^src/app/'),
      to: { path: '^(src|projections)/', pathNot: '^src/(app|domain|events|store)/|^src/clock\\.ts$' },
    },
    {
      name: 'present-below-reports',
      comment: 'formats, labels and charts: shared by pages and reports, so they import neither',
      severity: 'error',
      from: ours('^src/present/'),
      to: { path: '^(src|projections)/', pathNot: '^src/(present|events)/|^projections/' },
    },
    {
      name: 'reports-never-import-a-door',
      severity: 'error',
      from: ours('^src/reports/'),
      to: { path: DOORS + '|^src/(server|app)/' },
    },
    {
      name: 'demo-below-doors',
      severity: 'error',
      from: ours('^src/demo/'),
      to: { path: '^(src|projections)/', pathNot: '^src/(demo|events|store)/|^src/clock\\.ts$' },
    },
    {
      name: 'doors-do-not-open-onto-each-other',
      comment: 'the API, the pages and the CLI share what lies below them, never each other',
      severity: 'error',
      from: { path: '^src/(api|web)/' },
      to: { path: DOORS, pathNot: '^src/$1/' },
    },
    {
      name: 'cli-does-not-open-onto-the-other-doors',
      severity: 'error',
      from: { path: '^src/cli/|^src/cli\\.ts$' },
      to: { path: '^src/(api|web)/' },
    },
    {
      name: 'only-the-cli-imports-the-composition-root',
      severity: 'error',
      from: { path: '^(src|projections)/', pathNot: '^src/server/|^src/cli/|^src/cli\\.ts$' },
      to: { path: '^src/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
