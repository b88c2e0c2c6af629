// Starts the dashboard router with a fake committee API on a loopback port.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createDashboardRouter } from '../../services/projector/dashboard/router.js';
import { createFakeCommitteeApi, type FakeCommitteeApi } from './fakeCommitteeApi.js';

export interface DashboardTestServer {
  baseUrl: string;
  api: FakeCommitteeApi;
  close(): Promise<void>;
}

export async function startDashboardTestServer(tokens: Record<string, string>): Promise<DashboardTestServer> {
  const api = createFakeCommitteeApi(tokens);
  const app = express();
  app.use(createDashboardRouter());
  app.use(api.router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    api,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
