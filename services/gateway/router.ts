// HTTP edge of the agency gateways (docs/api/gateway.md). Order of checks: token (401), agency
// (403/404), media type (415), body size (413), JSON (400), types (403), fields (400).
import express, { Router, type RequestHandler } from 'express';
import type { Agency } from '../kernel/agency';
import type { SchemaRegistry } from '../kernel/avro/registry';
import { UnsupportedMediaTypeError } from '../kernel/errors';
import type { Authenticator } from '../kernel/http/auth';
import type { EventValidation } from '../kernel/validation';
import { authoriseAgency, type Ingest } from './ingest';

export const MAX_BODY_BYTES = 1024 * 1024;

export function createGatewayRouter(deps: {
  agencies: readonly Agency[];
  ingest: Ingest;
  authenticator: Authenticator;
  registry: SchemaRegistry;
  validation: EventValidation;
}): Router {
  const router = Router();
  const parseJson = express.json({ limit: MAX_BODY_BYTES, type: () => true, strict: true });

  const authorise: RequestHandler = (req, res, next) => {
    const principal = deps.authenticator.authenticate(req.headers.authorization);
    authoriseAgency(principal, String(req.params.agency), deps.agencies);
    res.locals.principal = principal;
    next();
  };

  const requireJson: RequestHandler = (req, _res, next) => {
    if (!req.is(['application/json', 'application/*+json'])) {
      throw new UnsupportedMediaTypeError('Send the events as Content-Type: application/json.');
    }
    next();
  };

  router.post('/agencies/:agency/v1/events', authorise, requireJson, parseJson, async (req, res) => {
    const result = await deps.ingest(res.locals.principal, String(req.params.agency), req.body);
    res.status(202).json(result);
  });

  router.get('/agencies/:agency/v1/event-types', authorise, (req, res) => {
    const agency = req.params.agency as Agency;
    const eventTypes = deps.validation.typesPublishableBy(agency).map((type) => ({
      type,
      jsonSchema: deps.validation.jsonSchemaOf(type),
      avroSchema: deps.registry.avroSchemaOf(type),
      fingerprint: deps.registry.fingerprintOf(type),
    }));
    res.json({ agency, eventTypes });
  });

  return router;
}
