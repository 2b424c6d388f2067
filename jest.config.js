// Every test runs against real PostgreSQL, Redis and Kubernetes API server: started by
// tests/setup/global-setup.mjs (embedded PostgreSQL, redis-server, kube-apiserver + etcd)
// unless TEST_DATABASE_URL / TEST_REDIS_URL are given.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  moduleNameMapper: {
    '^@sentinel/platform$': '<rootDir>/packages/platform/src/index.ts',
    '^@sentinel/platform/bootstrap$': '<rootDir>/packages/platform/src/bootstrap.ts',
    '^@sentinel/platform/testing$': '<rootDir>/packages/platform/src/testing.ts',
    '^#local-stack$': '<rootDir>/scripts/local-stack.ts',
    '^#control-plane$': '<rootDir>/scripts/control-plane.ts',
    '^@sentinel/tenant-controller$': '<rootDir>/controllers/tenant/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: [
    '<rootDir>/tests/**/*.test.ts',
    '<rootDir>/packages/*/src/**/*.test.ts',
    '<rootDir>/services/*/src/**/*.test.ts',
    '<rootDir>/controllers/*/src/**/*.test.ts',
  ],
  // The web console's build output holds a copy of web/package.json (the standalone server).
  modulePathIgnorePatterns: ['<rootDir>/web/.next/'],
  globalSetup: '<rootDir>/tests/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/tests/setup/global-teardown.mjs',
  testTimeout: 60_000,
  maxWorkers: 1,
};
