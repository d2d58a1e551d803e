import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { KeyValueStore } from '../infra/key-value';

export type StaffRole = 'agent' | 'supervisor' | 'trainer' | 'admin';

export interface StaffSession {
  kind: 'staff';
  username: string;
  role: StaffRole;
  displayName: string;
  sid: string;
}

export interface VisitorSession {
  kind: 'visitor';
  visitorId: string;
  /** Set only when the shop's backend vouched for the customer (identity verification). */
  customerId: string | null;
}

const ISSUER = 'scriptdesk';
const ALG = 'HS256';

/**
 * Staff sessions are signed tokens whose id must also be present in the key-value store,
 * so logout (or an admin disabling an account) revokes them on every node at once.
 */
export function createSessionTokens(deps: {
  key: Uint8Array;
  store: KeyValueStore;
  staffTtlMinutes: number;
}) {
  const staffTtl = deps.staffTtlMinutes * 60;
  const visitorTtl = 7 * 24 * 3600;

  async function issueStaff(
    user: Omit<StaffSession, 'kind' | 'sid'>,
  ): Promise<{ token: string; maxAgeMs: number }> {
    const sid = randomUUID();
    await deps.store.set(`session:${sid}`, user.username, staffTtl);
    const token = await new SignJWT({
      kind: 'staff',
      role: user.role,
      name: user.displayName,
      sid,
      iatMs: Date.now(),
    })
      .setProtectedHeader({ alg: ALG })
      .setSubject(user.username)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${staffTtl}s`)
      .sign(deps.key);
    return { token, maxAgeMs: staffTtl * 1000 };
  }

  async function verifyStaff(token: string | undefined): Promise<StaffSession | null> {
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, deps.key, { issuer: ISSUER, algorithms: [ALG] });
      if (payload.kind !== 'staff' || typeof payload.sid !== 'string' || !payload.sub) return null;
      const [owner, revokedAt] = await Promise.all([
        deps.store.get(`session:${payload.sid}`),
        deps.store.get(`revoked-user:${payload.sub}`),
      ]);
      if (owner !== payload.sub) return null;
      if (revokedAt && Number(revokedAt) >= Number(payload.iatMs ?? 0)) return null;
      return {
        kind: 'staff',
        username: payload.sub,
        role: payload.role as StaffRole,
        displayName: String(payload.name ?? payload.sub),
        sid: payload.sid,
      };
    } catch {
      return null;
    }
  }

  async function revokeStaff(sid: string): Promise<void> {
    await deps.store.del(`session:${sid}`);
  }

  /** Ends every session of `username` issued until now (role change, deactivation, new password). */
  async function revokeAllFor(username: string): Promise<void> {
    await deps.store.set(`revoked-user:${username}`, String(Date.now()), staffTtl);
  }

  async function issueVisitor(visitor: Omit<VisitorSession, 'kind'>): Promise<string> {
    return new SignJWT({ kind: 'visitor', cid: visitor.customerId })
      .setProtectedHeader({ alg: ALG })
      .setSubject(visitor.visitorId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${visitorTtl}s`)
      .sign(deps.key);
  }

  async function verifyVisitor(token: string | undefined): Promise<VisitorSession | null> {
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, deps.key, { issuer: ISSUER, algorithms: [ALG] });
      if (payload.kind !== 'visitor' || !payload.sub) return null;
      return {
        kind: 'visitor',
        visitorId: payload.sub,
        customerId: typeof payload.cid === 'string' ? payload.cid : null,
      };
    } catch {
      return null;
    }
  }

  return { issueStaff, verifyStaff, revokeStaff, revokeAllFor, issueVisitor, verifyVisitor };
}

export type SessionTokens = ReturnType<typeof createSessionTokens>;
