// GET /openapi.json: the API description, without authentication. Serialised once.
import { Router } from 'express';
import type { OpenApiDocument } from './document';

export function createOpenApiRouter(document: OpenApiDocument): Router {
  const body = JSON.stringify(document);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/json').send(body);
  });
  return router;
}
