import argon2 from 'argon2';
import type { StaffRole } from '../../shared/schemas/auth';
import { StaffAccount } from './staff-account-model';

interface DemoStaff {
  username: string;
  displayName: string;
  role: StaffRole;
  skills: string[];
  maxConcurrentChats: number;
}

/** Demo staff for local use; each password is `demo-<username>` (stated in the README). */
export const demoStaff: DemoStaff[] = [
  {
    username: 'agent1',
    displayName: '小美 Mei',
    role: 'agent',
    skills: ['zh-CN', 'humidifier', 'air_purifier'],
    maxConcurrentChats: 8,
  },
  {
    username: 'agent2',
    displayName: '阿杰 Jay',
    role: 'agent',
    skills: ['zh-CN', 'heater', 'kettle', 'fan'],
    maxConcurrentChats: 8,
  },
  {
    username: 'agent3',
    displayName: 'Emma 艾玛',
    role: 'agent',
    skills: ['en', 'zh-CN', 'air_purifier'],
    maxConcurrentChats: 6,
  },
  {
    username: 'agent4',
    displayName: 'Leo 李奥',
    role: 'agent',
    skills: ['en', 'dehumidifier', 'fan'],
    maxConcurrentChats: 6,
  },
  {
    username: 'supervisor1',
    displayName: '周主管 Zhou',
    role: 'supervisor',
    skills: ['zh-CN', 'en'],
    maxConcurrentChats: 8,
  },
  {
    username: 'trainer1',
    displayName: '林老师 Lin',
    role: 'trainer',
    skills: [],
    maxConcurrentChats: 1,
  },
  {
    username: 'admin1',
    displayName: '管理员 Admin',
    role: 'admin',
    skills: ['zh-CN', 'en'],
    maxConcurrentChats: 8,
  },
];

export const demoPassword = (username: string) => `demo-${username}`;

/**
 * Creates the demo accounts that are missing. An existing account is left as it is, password
 * included: an admin may have changed its password, role or access since, and the seed runs
 * on every start.
 */
export async function seedDemoStaff(): Promise<number> {
  let created = 0;
  for (const staff of demoStaff) {
    if (await StaffAccount.exists({ username: staff.username })) continue;
    const passwordHash = await argon2.hash(demoPassword(staff.username), { type: argon2.argon2id });
    try {
      // An upsert, so that two nodes starting together cannot create the account twice.
      const result = await StaffAccount.updateOne(
        { username: staff.username },
        { $setOnInsert: { ...staff, passwordHash, active: true } },
        { upsert: true, runValidators: true },
      );
      created += result.upsertedCount;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
  return created;
}
