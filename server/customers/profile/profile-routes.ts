import { Router } from 'express';
import { ErrorCode } from '../../../shared/errors';
import { profileParamsSchema } from '../../../shared/schemas/profile';
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

  router.get(
    '/api/conversations/:id/profile',
    requireStaff(deps.tokens, ['agent', 'supervisor', 'admin', 'trainer']),
    async (req, res) => {
      const { id } = parseInput(profileParamsSchema, req.params);
      const staff = res.locals.staff as StaffSession;
      // By _id alone (the indexed lookup), then the same access rule as the chat events.
      const conversation = await Conversation.findById(id).lean<ConversationDoc>();
      if (!conversation || !mayAccess(staff, conversation)) {
        throw new AppError(ErrorCode.NotFound, 'No such conversation.');
      }
      res.set('cache-control', 'no-store');
      res.json(await deps.profiles.profileFor(conversation));
    },
  );

  return router;
}
