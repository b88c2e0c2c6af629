// The privacy rule at the gateway, end to end: disguised phone and ID numbers are refused with
// a 400 naming the field, the answer does not echo them, nothing is stored and nothing of them
// reaches the log (captured at debug level).
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../services/kernel/config';
import { createLogger } from '../../services/kernel/logger';
import { startHub, type Hub } from '../../services/hub/compose';
import { makeDataDir } from '../support/hubProcess';
import { publish } from '../support/inProcessHub';

const logLines: string[] = [];
let hub: Hub;
let server: Server;
let baseUrl: string;
let dataDir: string;

beforeAll(async () => {
  const made = makeDataDir('hub-privacy-');
  dataDir = made.dataDir;
  const config = parseConfig({ HUB_DATA_DIR: dataDir, HUB_AUTH_FILE: made.authFile, HUB_DEMO: '0', LOG_LEVEL: 'debug' });
  hub = await startHub(config, { logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }) });
  server = await new Promise((resolve) => {
    const s = hub.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await hub.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const DISGUISES = [
  '139-1234-5678',
  '138 1234 5678',
  '１３９　１２３４　５６７８',
  [...'13912345678'].join('\u200d'),
  '139.1234.5678',
  '610902 19900101 123X',
  '６１０９０２１９９００１０１１２３Ｘ',
];

describe('the privacy rule at the gateway', () => {
  it.each(DISGUISES)('refuses %j in a hazard description without storing, echoing or logging it', async (disguise) => {
    const head = await hub.store!.headPosition();
    const res = await publish(baseUrl, 'safety', {
      type: 'HazardIdentified', sourceRecordId: `YH-PRIV-${DISGUISES.indexOf(disguise)}`, communityCode: '610902001',
      occurredAt: '2025-03-01T08:00:00+08:00', sector: 'FIRE', level: 'GENERAL', rectifyBy: '2025-04-01',
      description: `业主联系方式 ${disguise} 拒不整改`,
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).errors).toEqual([expect.objectContaining({ index: 0, path: 'description' })]);
    expect(text).not.toContain(disguise);
    expect(text).not.toContain('拒不整改');
    expect(await hub.store!.headPosition()).toBe(head);
    const logged = logLines.join('\n');
    expect(logged).not.toContain('拒不整改');
    expect(logged).not.toContain(JSON.stringify(disguise).slice(1, -1));
  });
});
