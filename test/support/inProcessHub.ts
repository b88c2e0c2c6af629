// The whole embedded hub in the test process on port 0, over real SQLite files.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { parseConfig } from '../../services/kernel/config';
import { silentLogger } from '../../services/kernel/logger';
import { startHub, type Hub } from '../../services/hub/compose';
import { makeDataDir, TEST_TOKENS } from './hubProcess';

export interface TestHub {
  hub: Hub;
  baseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestHub(env: Record<string, string> = {}, now?: () => Date): Promise<TestHub> {
  const { dataDir, authFile } = makeDataDir('hub-it-');
  const config = parseConfig({ HUB_DATA_DIR: dataDir, HUB_AUTH_FILE: authFile, HUB_DEMO: '0', ...env });
  const hub = await startHub(config, { logger: silentLogger, now });
  const server: Server = await new Promise((resolve) => {
    const s = hub.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    hub,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await hub.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function publish(baseUrl: string, agency: keyof typeof TEST_TOKENS, body: unknown, init: { token?: string; contentType?: string; raw?: string } = {}) {
  return fetch(`${baseUrl}/agencies/${agency}/v1/events`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${init.token ?? TEST_TOKENS[agency]}`,
      'content-type': init.contentType ?? 'application/json',
    },
    body: init.raw ?? JSON.stringify(body),
  });
}
