// Process entry point: parse config once, take the port, start the hub, serve, and shut down on
// SIGTERM/SIGINT. The port is taken before anything else is opened, so a second hub on a busy
// port fails at once (one log line, exit 1) without touching the stores.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig, type HubConfig } from '../kernel/config';
import { createLogger, type Logger } from '../kernel/logger';
import type { IssuedToken } from '../kernel/http/auth';
import { startHub, type Hub } from './compose';

/** Binds the port; resolves once listening, rejects with the listen error (EADDRINUSE, EACCES). */
function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Node's defaults leave a slow client holding a socket for minutes; these cut it off. */
function applyTimeouts(server: http.Server, config: HubConfig): void {
  server.headersTimeout = config.HUB_HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = config.HUB_HTTP_REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = config.HUB_HTTP_KEEP_ALIVE_TIMEOUT_MS;
}

/** Fresh tokens go to the terminal (stderr) once, never into the JSON log stream on stdout. */
function printTokens(tokens: IssuedToken[], config: HubConfig, logger: Logger): void {
  logger.info('created an auth file with fresh tokens; the tokens were printed once on stderr', {
    authFile: config.HUB_AUTH_FILE ?? `${config.HUB_DATA_DIR}/auth.json`,
    tokenIds: tokens.map((t) => t.id),
  });
  process.stderr.write(
    `\nTokens (stored only as SHA-256 hashes in ${config.HUB_AUTH_FILE ?? `${config.HUB_DATA_DIR}/auth.json`}; shown this once):\n` +
      tokens.map((t) => `  ${t.id.padEnd(22)} ${t.token}`).join('\n') +
      '\n\n',
  );
}

async function main(): Promise<void> {
  let config: HubConfig;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger({ level: config.LOG_LEVEL, base: { services: config.HUB_SERVICES.join(',') } });

  // Until the hub is composed, every request gets a 503 (load balancers wait on /readyz anyway).
  const starting: http.RequestListener = (_req, res) => {
    res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '5' });
    res.end(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'the hub is starting' }));
  };
  // Timeouts are enforced when Node checks the connections; every second rather than every 30 s.
  const server = http.createServer({ connectionsCheckingInterval: 1000 }, starting);
  applyTimeouts(server, config);
  let port: number;
  try {
    port = await listen(server, config.PORT);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'is already in use' : code === 'EACCES' ? 'needs privileges this process does not have' : `cannot be bound (${code ?? (err as Error).message})`;
    logger.error(`cannot listen: port ${config.PORT} ${reason}; nothing was opened`, { port: config.PORT, code });
    process.exit(1);
  }

  let hub: Hub | undefined;
  let stopping = false;
  const startup = startHub(config, { logger }).then((started) => (hub = started));
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.close(() => {
      // A signal during start-up waits for the stores to be open, then closes them properly.
      void startup
        .then((started) => started.close())
        .then(
          () => {
            logger.info('stopped');
            process.exit(0);
          },
          (err: unknown) => {
            logger.error('error while stopping', { err: err as Error });
            process.exit(1);
          },
        );
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  try {
    await startup;
  } catch (err) {
    logger.error('hub failed to start', { err: err as Error });
    process.exit(1);
  }
  if (stopping || !hub) return;
  if (hub.createdTokens) printTokens(hub.createdTokens, config, logger);
  server.off('request', starting);
  server.on('request', hub.app);
  logger.info('hub listening', { port, url: `http://127.0.0.1:${port}/` });
}

main().catch((err: unknown) => {
  createLogger().error('hub failed to start', { err: err as Error });
  process.exit(1);
});
