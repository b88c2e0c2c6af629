// The ingest ceiling: a bare express app that parses the same JSON bodies and answers 202 with
// a small echo of the same shape as the gateway's answer, but does none of the hub's work
// (no auth, validation, encoding, bus or store).
import express, { type Express } from 'express';

interface EchoedEvent {
  sourceRecordId?: unknown;
  revision?: unknown;
}

export function createEchoApp(): Express {
  const app = express();
  app.post('/agencies/:agency/v1/events', express.json({ limit: '1mb' }), (req, res) => {
    const body = req.body as { events?: EchoedEvent[] } & EchoedEvent;
    const events = Array.isArray(body.events) ? body.events : [body];
    res.status(202).json({
      accepted: events.length,
      events: events.map((e) => ({ sourceRecordId: e.sourceRecordId, revision: e.revision ?? 1 })),
    });
  });
  return app;
}
