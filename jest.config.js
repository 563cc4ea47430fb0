// The suite in named groups, so that a part of it can run on its own:
//   npm run test:quick    unit + golden (no build, no spawned tools): the edit-test loop
//   npx jest --selectProjects e2e
// `npm test` runs every group (after a build), then unit, golden, e2e and export-context again
// under Node 24 (tools/with-node.js).
const project = (displayName, testMatch, testPathIgnorePatterns = []) => ({
  displayName,
  testEnvironment: 'node',
  roots: ['<rootDir>/fn', '<rootDir>/test'],
  testMatch,
  testPathIgnorePatterns: ['/node_modules/', ...testPathIgnorePatterns],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    // Modules' own tests, beside them.
    project('unit', ['<rootDir>/fn/**/*.test.ts']),
    // The golden cases (Fluid, JuiceFS, the fluidVersion default) through the library and the KRM entry point, in-process.
    project('golden', ['<rootDir>/test/golden.test.ts', '<rootDir>/test/juicefs-golden.test.ts', '<rootDir>/test/fluid-version-default.test.ts']),
    // The built executable: under kpt, and as the command line.
    project('e2e', ['<rootDir>/test/e2e/**/*.test.ts']),
    // export-context against API servers (fixture HTTP and HTTPS servers, the real client).
    project('export-context', ['<rootDir>/test/export-context/**/*.test.ts']),
    // Delivery paths and the rest: packaging, kustomize, Argo CD, Flux, Helm, hostile input,
    // property runs over generated inputs.
    project('integration', ['<rootDir>/test/**/*.test.ts'], ['<rootDir>/test/golden\\.test\\.ts$', '<rootDir>/test/juicefs-golden\\.test\\.ts$', '<rootDir>/test/fluid-version-default\\.test\\.ts$', '<rootDir>/test/e2e/', '<rootDir>/test/export-context/']),
  ],
  // End-to-end suites spawn kpt and node; give them room on a 2-core CI box.
  testTimeout: 120000,
};
