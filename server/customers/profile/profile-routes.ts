import { Router } from 'express';
import { ErrorCode } from '../../../shared/errors';
import {
  profileParamsSchema,
  setNotesSchema,
  setPersonalitySchema,
} from '../../../shared/schemas/profile';
import type { SessionTokens, StaffSession } from '../../auth/session-tokens';
import { requireStaff } from '../../auth/staff-guard';
import { mayAccess } from '../../conversations/conversation-access';
import { Conversation, type ConversationDoc } from '../../conversations/conversation-model';
import { AppError } from '../../errors';
import { parseInput } from '../../http/validate';
import type { ProfileService } from './profile-service';

/** The shopper's profile and offers beside a chat, for staff who may see that chat. */
export function profileRouter(deps: { tokens: SessionTokens; profiles: ProfileService }): Router {
  const router = Router();

  /** By _id alone (the indexed lookup), then the same access rule as the chat events. */
  const conversationFor = async (params: unknown, staff: StaffSession) => {
    const { id } = parseInput(profileParamsSchema, params);
    const conversation = await Conversation.findById(id).lean<ConversationDoc>();
    if (!conversation || !mayAccess(staff, conversation)) {
      throw new AppError(ErrorCode.NotFound, 'No such conversation.');
    }
    return conversation;
  };
  const customerOf = async (params: unknown, staff: StaffSession) => {
    const conversation = await conversationFor(params, staff);
    if (!conversation.customerId) {
      throw new AppError(
        ErrorCode.NotFound,
        'This shopper is not signed in to the shop, so there is no customer record to change.',
      );
    }
    return conversation.customerId;
  };

  router.get(
    '/api/conversations/:id/profile',
    requireStaff(deps.tokens, ['agent', 'supervisor', 'admin', 'trainer']),
    async (req, res) => {
      const conversation = await conversationFor(req.params, res.locals.staff as StaffSession);
      res.set('cache-control', 'no-store');
      res.json(await deps.profiles.profileFor(conversation));
    },
  );

  // Trainers review; only the people serving customers tag them.
  router.put(
    '/api/conversations/:id/profile/personality',
    requireStaff(deps.tokens, ['agent', 'supervisor', 'admin']),
    async (req, res) => {
      const { personality } = parseInput(setPersonalitySchema, req.body);
      const customerId = await customerOf(req.params, res.locals.staff as StaffSession);
      if (!(await deps.profiles.setPersonality(customerId, personality))) {
        throw new AppError(ErrorCode.NotFound, 'No such customer.');
      }
      res.json({ personality });
    },
  );

  router.put(
    '/api/conversations/:id/profile/notes',
    requireStaff(deps.tokens, ['agent', 'supervisor', 'admin']),
    async (req, res) => {
      const { notes } = parseInput(setNotesSchema, req.body);
      const customerId = await customerOf(req.params, res.locals.staff as StaffSession);
      if (!(await deps.profiles.setNotes(customerId, notes))) {
        throw new AppError(ErrorCode.NotFound, 'No such customer.');
      }
      res.json({ notes });
    },
  );

  return router;
}
