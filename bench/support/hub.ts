// The real hub in the benchmark's process (startHub, as `npm start` composes it) on
// 127.0.0.1 port 0, with a temp HUB_DATA_DIR and an auth file holding the test tokens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHub, type Hub } from '../../services/hub/compose';
import { parseConfig } from '../../services/kernel/config';
import { sha256Hex } from '../../services/kernel/http/auth';
import { silentLogger } from '../../services/kernel/logger';
import { listen } from './http';

// test/support/hubProcess.ts has the same helper but reads __dirname at load, which Node's ESM
// loader (tsx outside vitest) does not define: hence this copy of its few lines.
export const BENCH_TOKENS = {
  police: 'tok-police-bench',
  fire: 'tok-fire-bench',
  health: 'tok-health-bench',
  transport: 'tok-transport-bench',
  safety: 'tok-safety-bench',
  committee: 'tok-committee-bench',
} as const;

/** A fresh data dir with an auth file holding the BENCH_TOKENS hashes. */
export function makeBenchDataDir(prefix: string): { dataDir: string; authFile: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const authFile = path.join(dataDir, 'auth.bench.json');
  const agencies = ['police', 'fire', 'health', 'transport', 'safety'] as const;
  const tokens = [
    ...agencies.map((agency) => ({ id: `${agency}-bench`, sha256: sha256Hex(BENCH_TOKENS[agency]), role: 'agency', agency })),
    { id: 'committee-bench', sha256: sha256Hex(BENCH_TOKENS.committee), role: 'committee', region: '' },
  ];
  fs.writeFileSync(authFile, JSON.stringify({ tokens }));
  return { dataDir, authFile };
}

export interface BenchHub {
  hub: Hub;
  baseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startBenchHub(env: Record<string, string> = {}): Promise<BenchHub> {
  const { dataDir, authFile } = makeBenchDataDir('hub-bench-');
  const config = parseConfig({ HUB_DATA_DIR: dataDir, HUB_AUTH_FILE: authFile, HUB_DEMO: '0', LOG_LEVEL: 'warn', ...env });
  let hub: Hub;
  try {
    hub = await startHub(config, { logger: silentLogger });
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const server = await listen(hub.app);
  return {
    hub,
    baseUrl: server.baseUrl,
    dataDir,
    close: async () => {
      await server.close();
      await hub.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
