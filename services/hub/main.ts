// Process entry point: parse config once, start the hub, listen, shut down on SIGTERM.
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../kernel/config';
import { createLogger } from '../kernel/logger';
import { startHub } from './compose';

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger({ level: config.LOG_LEVEL, base: { services: config.HUB_SERVICES.join(',') } });
  const hub = await startHub(config, { logger });
  if (hub.createdTokens) {
    logger.info('created dev tokens; they are printed only this once', {
      tokens: hub.createdTokens.map(({ id, role, agency, region, token }) => ({ id, role, agency, region, token })),
    });
    process.stderr.write(
      `\nDev tokens (stored only as hashes in ${config.HUB_DATA_DIR}/auth.json; shown once):\n` +
        hub.createdTokens.map((t) => `  ${t.id.padEnd(22)} ${t.token}`).join('\n') +
        '\n\n',
    );
  }
  const server = hub.app.listen(config.PORT, () => {
    const { port } = server.address() as AddressInfo;
    logger.info('hub listening', { port, url: `http://127.0.0.1:${port}/` });
  });
  server.on('error', (err) => {
    logger.error('cannot listen', { err });
    void hub.close().then(() => process.exit(1));
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.close(() => {
      void hub.close().then(() => {
        logger.info('stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'hub failed to start', error: (err as Error).message, stack: (err as Error).stack }) + '\n');
  process.exit(1);
});
