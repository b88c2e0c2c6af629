// Renders every error as RFC 9457 problem+json. The one place errors become HTTP.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import {
  BadRequestError,
  HubError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
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
function fromBodyParser(err: { type?: string; message?: string; status?: unknown; code?: unknown; name?: string }): HubError | undefined {
  if (err.type === 'entity.too.large') return new PayloadTooLargeError('The request body is larger than 1 MiB.');
  if (err.type === 'entity.parse.failed') return new BadRequestError('The request body is not valid JSON.', '');
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return new BadRequestError('The request body encoding is not supported.');
  }
  return fromClientError(err);
}

/**
 * Other errors that express, the router or body-parser mark as the client's fault (a 4xx
 * `status`): a path that cannot be percent-decoded, a corrupt gzip/deflate/brotli body. Their
 * messages may quote the input, so the client gets a fixed sentence instead.
 */
function fromClientError(err: { status?: unknown; code?: unknown; name?: string }): HubError | undefined {
  const status = typeof err.status === 'number' ? err.status : undefined;
  if (status === undefined || status < 400 || status > 499) return undefined;
  if (status === 413) return new PayloadTooLargeError('The request body is larger than 1 MiB.');
  if (status === 415) return new UnsupportedMediaTypeError('The request body\'s media type or encoding is not supported.');
  if (err.name === 'URIError') return new BadRequestError('The request path is not valid percent-encoded UTF-8.', 'path');
  const code = typeof err.code === 'string' ? err.code : '';
  if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code.startsWith('ERR_ZLIB') || code.startsWith('ERR__')) {
    return new BadRequestError('The request body could not be decompressed as its Content-Encoding says.', '');
  }
  return new BadRequestError('The request is malformed.');
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
