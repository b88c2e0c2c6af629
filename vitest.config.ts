import { defineConfig } from 'vitest/config';

// Three projects, all run by `npm test` (`vitest run`):
// - unit: pure logic next to the code (services/, scripts/, schemas/); no broker, no servers
//   beyond port 0; `npm run test:unit` runs it in seconds.
// - integration: test/ (real HTTP servers, SQLite files, Chromium, promtool, child processes).
// - kafka: test/kafka and test/distributed, which need a real broker: only this project has the
//   global setup that starts one (unless KAFKA_BROKERS names one).
const KAFKA_TESTS = ['test/kafka/**/*.test.ts', 'test/distributed/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['services/**/*.test.ts', 'scripts/**/*.test.ts', 'schemas/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: KAFKA_TESTS },
      },
      {
        extends: true,
        test: {
          name: 'kafka',
          include: KAFKA_TESTS,
          // One real Kafka broker for the project (started unless KAFKA_BROKERS is set).
          globalSetup: ['test/setup/kafka-global-setup.ts'],
        },
      },
    ],
  },
});
