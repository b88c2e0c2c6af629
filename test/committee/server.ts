// The committee router on a real HTTP server (port 0), over a projector fixture.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createAuthenticator, toAuthFile, type IssuedToken } from '../../services/kernel/http/auth';
import { problemMiddleware } from '../../services/kernel/http/problem';
import { silentLogger } from '../../services/kernel/logger';
import { createCommitteeFigures } from '../../services/projector/committee/figures';
import { sqliteQuerySource } from '../../services/projector/model/queries';
import { createDivisions, loadNationalDivisions, type Division } from '../../services/kernel/divisions';
import { createCommitteeRouter } from '../../services/projector/committee/router';
import { DEFAULT_READINESS } from '../../services/projector/domain';
import type { Fixture } from '../projector/fixture';

export const TOKENS = {
  national: 'tok-national-0123456789',
  city: 'tok-city-6109-0123456789',
  county: 'tok-county-610902-0123456789',
  community: 'tok-community-610902001-0123',
  police: 'tok-police-gateway-0123456789',
  operator: 'tok-operator-0123456789',
} as const;

const issued: IssuedToken[] = [
  { id: 'committee-national', role: 'committee', region: '', token: TOKENS.national },
  { id: 'committee-6109', role: 'committee', region: '6109', token: TOKENS.city },
  { id: 'committee-610902', role: 'committee', region: '610902', token: TOKENS.county },
  { id: 'committee-610902001', role: 'committee', region: '610902001', token: TOKENS.community },
  { id: 'police-gateway', role: 'agency', agency: 'police', token: TOKENS.police },
  { id: 'operator', role: 'operator', token: TOKENS.operator },
];

export interface CommitteeServer {
  /** GET with the token (if any) and extra headers. */
  get(pathAndQuery: string, token?: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export const TIME_ZONE = 'Asia/Shanghai';

/** `extraDivisions` plays the part of HUB_EXTRA_DIVISIONS. */
export async function startCommitteeServer(f: Fixture, extraDivisions: Division[] = []): Promise<CommitteeServer> {
  const app = express();
  app.use(express.json());
  app.use(
    '/committee/v1',
    createCommitteeRouter({
      figures: createCommitteeFigures({
        source: sqliteQuerySource(f.readModel.feed.db, f.readModel.queries),
        timeZone: TIME_ZONE,
        readiness: DEFAULT_READINESS,
      }),
      authenticator: createAuthenticator(toAuthFile(issued)),
      timeZone: TIME_ZONE,
      now: () => f.clock.now,
      logger: silentLogger,
      divisions: createDivisions(loadNationalDivisions(), extraDivisions),
    }),
  );
  app.use(problemMiddleware(silentLogger));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/committee/v1`;
  return {
    get: (pathAndQuery, token, headers = {}) =>
      fetch(`${base}${pathAndQuery}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
