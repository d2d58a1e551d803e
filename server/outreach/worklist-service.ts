import { trusted } from 'mongoose';
import { ErrorCode } from '../../shared/errors';
import { mayClaim, orderWorklist } from '../../shared/domain/outreach-worklist';
import type {
  OutreachTaskDetail,
  OutreachTaskView,
  OutreachWorklistQuery,
  OutreachWorklistResponse,
} from '../../shared/schemas/outreach';
import type { StaffSession } from '../auth/session-tokens';
import type { ProfileService } from '../customers/profile/profile-service';
import { AppError } from '../errors';
import { OrderState, OutreachTask, type OutreachTaskDoc } from './outreach-models';
import { presentOrderState, presentTask } from './worklist-presenter';

const LIST_LIMIT = 200;

const noTask = (id: string) => new AppError(ErrorCode.NotFound, `No outreach task ${id}.`);
export const taskUnavailable = () =>
  new AppError(
    ErrorCode.TaskUnavailable,
    'Another agent holds this task, or it was already sent or skipped.',
  );

const seesAll = (staff: StaffSession) => staff.role === 'supervisor' || staff.role === 'admin';

/**
 * The agents' outbound worklist: what is due, who holds which task, skipping one. Task writes go
 * one at a time on this node (FerretDB applies an update by rewriting the whole document).
 */
export function createWorklistService(deps: { profiles: ProfileService }) {
  let lane: Promise<unknown> = Promise.resolve();
  function inTaskLane<T>(write: () => PromiseLike<T>): Promise<T> {
    const next = lane.then(write, write);
    lane = next.catch(() => undefined);
    return next;
  }

  async function list(
    staff: StaffSession,
    query: OutreachWorklistQuery,
    now = Date.now(),
  ): Promise<OutreachWorklistResponse> {
    const mine = query.mine === '1';
    if (query.status === 'sent') {
      // Agents see what they sent; supervisors everyone's unless they ask for their own.
      const filter =
        mine || !seesAll(staff)
          ? { status: 'sent', assigneeId: staff.username }
          : { status: 'sent' };
      const docs = await OutreachTask.find(filter)
        .sort({ sentAt: -1 })
        .limit(LIST_LIMIT)
        .lean<OutreachTaskDoc[]>();
      return { tasks: docs.map(presentTask), notDue: 0 };
    }
    const docs = await OutreachTask.find({ status: 'open' }).lean<OutreachTaskDoc[]>();
    // An agent works the free tasks and their own; a supervisor sees who holds what.
    const visible = docs.filter((doc) =>
      mine
        ? doc.assigneeId === staff.username
        : seesAll(staff) || doc.assigneeId === null || doc.assigneeId === staff.username,
    );
    const { due, notDue } = orderWorklist(
      visible.map((doc) => ({ id: doc._id, value: doc.value, dueAt: doc.dueAt.getTime(), doc })),
      now,
    );
    return { tasks: due.slice(0, LIST_LIMIT).map((entry) => presentTask(entry.doc)), notDue };
  }

  async function find(id: string): Promise<OutreachTaskDoc> {
    const doc = await OutreachTask.findOne({ _id: id }).lean<OutreachTaskDoc>();
    if (!doc) throw noTask(id);
    return doc;
  }

  async function detail(staff: StaffSession, id: string): Promise<OutreachTaskDetail> {
    const doc = await find(id);
    if (!seesAll(staff) && doc.assigneeId !== null && doc.assigneeId !== staff.username)
      throw noTask(id);
    const [profile, order] = await Promise.all([
      deps.profiles.profileFor({ customerId: doc.customerId }),
      doc.orderId ? OrderState.findOne({ _id: doc.orderId }).lean() : null,
    ]);
    return { task: presentTask(doc), profile, order: order ? presentOrderState(order) : null };
  }

  /** Takes the task for the caller: free and open, or already theirs; 409 otherwise. */
  async function claim(staff: StaffSession, id: string): Promise<OutreachTaskView> {
    const taken = await inTaskLane(() =>
      OutreachTask.findOneAndUpdate(
        { _id: id, status: 'open', assigneeId: null },
        { $set: { assigneeId: staff.username } },
        { new: true },
      ).lean<OutreachTaskDoc>(),
    );
    if (taken) return presentTask(taken);
    const doc = await find(id);
    if (!mayClaim(doc, staff.username)) throw taskUnavailable();
    return presentTask(doc);
  }

  /** The holder (or a supervisor) drops a task that should not go out, saying why. */
  async function skip(staff: StaffSession, id: string, reason: string): Promise<OutreachTaskView> {
    const holders = seesAll(staff) ? null : [staff.username, null];
    const skipped = await inTaskLane(() =>
      OutreachTask.findOneAndUpdate(
        {
          _id: id,
          status: 'open',
          ...(holders ? { assigneeId: trusted({ $in: holders }) } : {}),
        },
        {
          $set: {
            status: 'skipped',
            skipReason: reason,
            skippedAt: new Date(),
            ...(holders ? { assigneeId: staff.username } : {}),
          },
        },
        { new: true },
      ).lean<OutreachTaskDoc>(),
    );
    if (skipped) return presentTask(skipped);
    await find(id);
    throw taskUnavailable();
  }

  return { list, detail, claim, skip, find, inTaskLane };
}

export type WorklistService = ReturnType<typeof createWorklistService>;
