import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrorCode } from '../../shared/errors';
import { AppError } from '../errors';
import type { Logger } from '../infra/logger';
import type { Metrics } from '../infra/metrics';

const statusByCode: Record<ErrorCode, number> = {
  E_VALIDATION: 400,
  E_UNAUTHENTICATED: 401,
  E_BAD_CREDENTIALS: 401,
  E_FORBIDDEN: 403,
  E_NOT_FOUND: 404,
  E_BUNDLE_EXISTS: 409,
  E_UNKNOWN_SKU: 422,
  E_BUNDLE_PRICE_TOO_HIGH: 422,
  E_OFFER_UNAVAILABLE: 409,
  E_OFFER_ANSWERED: 409,
  E_UNKNOWN_CUSTOMER: 422,
  E_ORDER_CONFLICT: 409,
  E_SCRIPT_EXISTS: 409,
  E_SCRIPT_TEMPLATE: 400,
  E_SCRIPT_NO_DRAFT: 409,
  E_SCRIPT_CONFLICT: 409,
  E_QUALITY_CONFLICT: 409,
  E_OUTREACH_CONFLICT: 409,
  E_TASK_UNAVAILABLE: 409,
  E_LIBRARY_INVALID: 422,
  E_PAYLOAD_TOO_LARGE: 413,
  E_RATE_LIMITED: 429,
  E_UNAVAILABLE: 503,
  E_INTERNAL: 500,
};

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError(ErrorCode.NotFound, `No API route ${req.method} ${req.path}`));
};

/** Every error leaves as `{ error: { code, message } }`; internals are logged, not sent. */
export function errorHandler(logger: Logger, metrics: Metrics): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const httpError = toAppError(err);
    if (httpError.code === ErrorCode.Internal) {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled request error');
    }
    metrics.errors.inc({ code: httpError.code });
    res
      .status(statusByCode[httpError.code])
      .json({ error: { code: httpError.code, message: httpError.message } });
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; name?: string; status?: number };
  if (e.type === 'entity.too.large') {
    return new AppError(ErrorCode.PayloadTooLarge, 'The request body is too large.');
  }
  if (e.type === 'entity.parse.failed') {
    return new AppError(ErrorCode.Validation, 'The request body is not valid JSON.');
  }
  if (
    e.name === 'MongoNotConnectedError' ||
    e.name === 'MongoServerSelectionError' ||
    e.name === 'MongoNetworkError'
  ) {
    return new AppError(
      ErrorCode.Unavailable,
      'The database is unavailable; please retry shortly.',
    );
  }
  return new AppError(ErrorCode.Internal, 'Something went wrong on our side.');
}
