import type { ErrorCode } from '../shared/errors';

/** An error meant for the caller: it leaves as `{ code, message }` over HTTP and sockets alike. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
