// Renders every error as RFC 9457 problem+json. The one place errors become HTTP.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import {
  BadRequestError,
  HubError,
  NotFoundError,
  PayloadTooLargeError,
} from '../errors';
import type { Logger } from '../logger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemType(code: string): string {
  return `urn:safe-community-hub:problem:${code}`;
}

export function sendProblem(res: Response, error: HubError, instance?: string): void {
  if (error.status === 503 && 'retryAfterSeconds' in error) {
    res.setHeader('Retry-After', String((error as { retryAfterSeconds: number }).retryAfterSeconds));
  }
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res
    .status(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        type: problemType(error.code),
        title: TITLES[error.status] ?? 'Error',
        status: error.status,
        detail: error.message,
        code: error.code,
        retriable: error.retriable,
        ...(instance ? { instance } : {}),
        ...error.extensions(),
      }),
    );
}

/** Body-parser errors carry a `type`; map them to our hierarchy. */
function fromBodyParser(err: { type?: string; message?: string }): HubError | undefined {
  if (err.type === 'entity.too.large') return new PayloadTooLargeError('The request body is larger than 1 MiB.');
  if (err.type === 'entity.parse.failed') return new BadRequestError('The request body is not valid JSON.', '');
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return new BadRequestError('The request body encoding is not supported.');
  }
  return undefined;
}

export function problemMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const hubError = err instanceof HubError ? err : fromBodyParser(err as { type?: string });
    if (hubError) {
      if (hubError.status >= 500) logger.warn('request failed', { path: req.path, code: hubError.code, err: hubError });
      sendProblem(res, hubError, req.originalUrl);
      return;
    }
    logger.error('unexpected error', { path: req.path, err: err as Error, stack: (err as Error)?.stack });
    res.status(500).type(PROBLEM_CONTENT_TYPE).send(
      JSON.stringify({
        type: problemType('internal'),
        title: TITLES[500],
        status: 500,
        detail: 'An unexpected error occurred; it has been logged.',
        code: 'internal',
        retriable: true,
      }),
    );
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No route for ${req.method} ${req.path}.`));
};
