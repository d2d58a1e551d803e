import argon2 from 'argon2';
import { Router, type Request } from 'express';
import {
  loginSchema,
  visitorSessionRequestSchema,
  type StaffUser,
} from '../../shared/schemas/auth';
import { ErrorCode } from '../../shared/errors';
import { AppError } from '../errors';
import { parseInput } from '../http/validate';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { consume } from '../infra/rate-limits';
import { randomUUID } from 'node:crypto';
import type { SessionTokens } from './session-tokens';
import { StaffAccount } from './staff-account-model';
import { verifyShopCustomer } from './shop-identity';
import { SESSION_COOKIE, readStaffSession } from './staff-guard';

// Verifying against a fixed hash when the user does not exist keeps response times alike.
const DUMMY_HASH = argon2.hash('scriptdesk-no-such-user');

export function authRouter(deps: {
  tokens: SessionTokens;
  shopIdentitySecret: string;
  secureCookies: boolean;
  loginLimiter: RateLimiterAbstract;
  visitorLimiter: RateLimiterAbstract;
}): Router {
  const router = Router();

  router.post('/api/auth/login', async (req, res) => {
    const input = parseInput(loginSchema, req.body);
    const username = input.username.toLowerCase();
    if (!(await consume(deps.loginLimiter, `${username}|${req.ip}`))) {
      throw new AppError(
        ErrorCode.RateLimited,
        'Too many sign-in attempts; wait a minute and try again.',
      );
    }
    const account = await StaffAccount.findOne({ username, active: true }).lean();
    const ok = await argon2.verify(account?.passwordHash ?? (await DUMMY_HASH), input.password);
    if (!account || !ok)
      throw new AppError(ErrorCode.BadCredentials, 'Wrong username or password.');

    const user: StaffUser = {
      username: account.username,
      displayName: account.displayName,
      role: account.role,
    };
    const { token, maxAgeMs } = await deps.tokens.issueStaff(user);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      maxAge: maxAgeMs,
      path: '/',
    });
    res.json({ user });
  });

  router.get('/api/auth/me', async (req, res) => {
    const session = await readStaffSession(req, deps.tokens);
    if (!session) throw new AppError(ErrorCode.Unauthenticated, 'Please sign in.');
    res.json({
      user: { username: session.username, displayName: session.displayName, role: session.role },
    });
  });

  router.post('/api/auth/logout', async (req, res) => {
    const session = await readStaffSession(req, deps.tokens);
    if (session) await deps.tokens.revokeStaff(session.sid);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.post('/api/visitor/session', async (req, res) => {
    const input = parseInput(visitorSessionRequestSchema, req.body ?? {});
    if (!(await consume(deps.visitorLimiter, ipOf(req)))) {
      throw new AppError(
        ErrorCode.RateLimited,
        'Too many new chat sessions from this address; try again later.',
      );
    }
    const previous = await deps.tokens.verifyVisitor(input.visitorToken);
    let customerId: string | null = null;
    if (input.shopCustomerToken) {
      customerId = verifyShopCustomer(deps.shopIdentitySecret, input.shopCustomerToken);
      if (!customerId)
        throw new AppError(
          ErrorCode.Unauthenticated,
          'The shop customer token is invalid or expired.',
        );
    }
    // A different customer on the same browser must not inherit the previous visitor's chats.
    const keepVisitor =
      previous && (previous.customerId === customerId || previous.customerId === null);
    const visitorId = keepVisitor ? previous.visitorId : randomUUID();
    const token = await deps.tokens.issueVisitor({ visitorId, customerId });
    res.json({ visitorToken: token, visitorId, customerId });
  });

  return router;
}

const ipOf = (req: Request) => req.ip ?? 'unknown';
