import type { StaffSession, VisitorSession } from '../auth/session-tokens';

/** Who is on the other end of a socket: a shopper (visitor) or a staff member. */
export type Actor = VisitorSession | StaffSession;

export const isStaff = (actor: Actor): actor is StaffSession => actor.kind === 'staff';
export const canSuperviseAll = (actor: Actor) =>
  actor.kind === 'staff' && (actor.role === 'supervisor' || actor.role === 'admin');
export const actorKey = (actor: Actor) =>
  actor.kind === 'staff' ? `staff:${actor.username}` : `visitor:${actor.visitorId}`;
