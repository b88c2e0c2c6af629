// The problem+json body (RFC 9457) every error of the hub is rendered as (kernel/http/problem.ts).
import { z } from 'zod';

export const fieldErrorModel = z.strictObject({
  index: z.int().min(0).describe("The event's position in the request batch (0 for one event or a parameter)."),
  path: z.string().describe('The field or parameter, e.g. "deaths"; empty for the whole event.'),
  message: z.string(),
});

export const problemModel = z
  .strictObject({
    type: z.string().describe('URI of the problem type, e.g. urn:safe-community-hub:problem:validation_failed.'),
    title: z.string(),
    status: z.int().min(400).max(599),
    detail: z.string(),
    code: z.string().describe('Stable machine-readable code, the last segment of `type`.'),
    retriable: z.boolean().describe('Whether sending the same request later may succeed.'),
    instance: z.string().optional(),
    errors: z.array(fieldErrorModel).optional().describe('Per-field errors (400, 403, 409).'),
  })
  .meta({ title: 'Problem', description: 'RFC 9457 problem details, served as application/problem+json.' });
