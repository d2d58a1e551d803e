import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ErrorCode } from '../../shared/errors';
import type { StaffRole } from '../../shared/schemas/auth';
import { AppError } from '../errors';
import type { SessionTokens, StaffSession } from './session-tokens';

export const SESSION_COOKIE = 'sd_session';

export function readStaffSession(
  req: Request,
  tokens: SessionTokens,
): Promise<StaffSession | null> {
  const cookies = req.cookies as Record<string, string | undefined> | undefined;
  return tokens.verifyStaff(cookies?.[SESSION_COOKIE]);
}

/** Lets the request through only for a signed-in staff member with one of `roles`. */
export function requireStaff(tokens: SessionTokens, roles: readonly StaffRole[]): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const session = await readStaffSession(req, tokens);
    if (!session) return next(new AppError(ErrorCode.Unauthenticated, 'Please sign in.'));
    if (!roles.includes(session.role)) {
      return next(new AppError(ErrorCode.Forbidden, 'Your role does not allow this.'));
    }
    res.locals.staff = session;
    next();
  };
}
