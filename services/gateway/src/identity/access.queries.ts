// The SQL of access resolution: the office and the principal's membership there.
import { type Db, one } from '@tatalaman/persistence';
import { table } from '../db';

export interface OfficeMembershipRow {
  code: string;
  name: string;
  time_zone: string;
  office_admin: boolean | null;
  member: boolean;
}

/** The office, with the user's membership in it (none when `userId` is null or not a member). */
export function officeWithMembership(
  db: Db,
  office: string,
  userId: string | null,
): Promise<OfficeMembershipRow | undefined> {
  return one<OfficeMembershipRow>(
    db,
    `SELECT o.code, o.name, o.time_zone, m.office_admin, (m.user_id IS NOT NULL) AS member
       FROM ${table('offices')} o
       LEFT JOIN ${table('memberships')} m ON m.office = o.code AND m.user_id = $2::uuid
      WHERE o.code = $1`,
    [office, userId],
  );
}
