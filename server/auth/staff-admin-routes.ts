import argon2 from 'argon2';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { ErrorCode } from '../../shared/errors';
import { createStaffSchema, updateStaffSchema, type StaffView } from '../../shared/schemas/staff';
import { recordAudit } from '../audit/audit-model';
import { AppError } from '../errors';
import { parseInput } from '../http/validate';
import type { SessionTokens, StaffSession } from './session-tokens';
import { StaffAccount, type StaffAccountDoc } from './staff-account-model';
import { requireStaff } from './staff-guard';

const usernameParam = z.strictObject({ username: z.string().min(1).max(32) });

function presentStaff(a: StaffAccountDoc): StaffView {
  return {
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    // An empty array may be stored as a missing field (FerretDB upserts drop it).
    skills: [...(a.skills ?? [])],
    maxConcurrentChats: a.maxConcurrentChats,
    active: a.active,
  };
}

/** Admins manage staff accounts; every change is audited and revokes the person's sessions. */
export function staffAdminRouter(tokens: SessionTokens): Router {
  const router = Router();
  const adminOnly = requireStaff(tokens, ['admin']);
  const by = (req: Request) => (req.res?.locals.staff as StaffSession).username;

  router.get('/api/admin/staff', adminOnly, async (_req, res) => {
    const accounts = await StaffAccount.find()
      .sort({ role: 1, username: 1 })
      .lean<StaffAccountDoc[]>();
    res.json({ staff: accounts.map(presentStaff) });
  });

  router.post('/api/admin/staff', adminOnly, async (req, res) => {
    const input = parseInput(createStaffSchema, req.body);
    if (await StaffAccount.exists({ username: input.username })) {
      throw new AppError(ErrorCode.Validation, `The username ${input.username} is taken.`);
    }
    const { password, ...fields } = input;
    const created = await StaffAccount.create({
      ...fields,
      passwordHash: await argon2.hash(password),
    });
    await recordAudit({
      actor: by(req),
      action: 'staff.create',
      subject: `staff:${input.username}`,
      details: fields,
      address: req.ip ?? null,
    });
    res.status(201).json({ staff: presentStaff(created.toObject()) });
  });

  router.patch('/api/admin/staff/:username', adminOnly, async (req, res) => {
    const { username } = parseInput(usernameParam, req.params);
    const input = parseInput(updateStaffSchema, req.body);
    if (
      username === by(req) &&
      (input.active === false || (input.role && input.role !== 'admin'))
    ) {
      throw new AppError(ErrorCode.Validation, 'You cannot remove your own admin access.');
    }
    const { password, ...fields } = input;
    const update = {
      ...fields,
      ...(password ? { passwordHash: await argon2.hash(password) } : {}),
    };
    const updated = await StaffAccount.findOneAndUpdate(
      { username },
      { $set: update },
      { new: true },
    ).lean<StaffAccountDoc>();
    if (!updated) throw new AppError(ErrorCode.NotFound, `No staff account ${username}.`);
    // Role, access and password changes take effect at once on every node.
    if (input.role || input.active === false || password) await tokens.revokeAllFor(username);
    await recordAudit({
      actor: by(req),
      action: 'staff.update',
      subject: `staff:${username}`,
      details: { ...fields, ...(password ? { password: '(changed)' } : {}) },
      address: req.ip ?? null,
    });
    res.json({ staff: presentStaff(updated) });
  });

  return router;
}
