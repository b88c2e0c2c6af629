import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['services/**/*.test.ts', 'test/**/*.test.ts', 'schemas/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One real Kafka broker for the whole run (started unless KAFKA_BROKERS is set).
    globalSetup: ['test/setup/kafka-global-setup.ts'],
  },
});
