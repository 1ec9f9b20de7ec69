import type { LocalizedMessage } from '@tatalaman/contracts';

/**
 * Every permission the edge checks, in one place. Office-scoped routes name one of
 * these; the principal's permissions in the office decide:
 *
 * - a member of the office has the member permissions;
 * - an office admin (membership flag) has all of them;
 * - a platform admin has all of them in every office;
 * - an API key has exactly its scopes (only permissions marked `apiKey` can be scopes).
 *
 * What someone may do inside an SOP (decide a step, approve) is the services' business:
 * they check the SOP roles the gateway sends along (`roles`), not these permissions.
 */
export const PERMISSIONS = {
  'office:read': {
    member: true,
    apiKey: true,
    description: {
      id: 'Melihat profil, kalender kerja dan definisi SOP kantor',
      en: "Read the office's profile, working calendar and SOP definitions",
    },
  },
  'content:read': {
    member: true,
    apiKey: true,
    description: { id: 'Membaca konten dan revisinya', en: 'Read content items and revisions' },
  },
  'content:write': {
    member: true,
    apiKey: true,
    description: { id: 'Membuat dan mengubah konten', en: 'Create and change content items' },
  },
  'runs:read': {
    member: true,
    apiKey: true,
    description: { id: 'Melihat jalannya SOP', en: 'Read SOP runs' },
  },
  'decisions:write': {
    member: true,
    apiKey: true,
    description: {
      id: 'Mengambil keputusan pada langkah SOP (sesuai peran)',
      en: 'Take decisions on SOP steps (as the roles allow)',
    },
  },
  'reports:read': {
    member: true,
    apiKey: true,
    description: { id: 'Membaca laporan dan rekap', en: 'Read reports and recaps' },
  },
  'office:admin': {
    member: false,
    apiKey: false,
    description: {
      id: 'Mengelola pengguna, peran, delegasi, kalender dan kunci API kantor',
      en: "Manage the office's users, role bindings, delegations, calendar and API keys",
    },
  },
  'audit:read': {
    member: false,
    apiKey: false,
    description: { id: 'Membaca log audit kantor', en: "Read the office's audit log" },
  },
} as const satisfies Record<string, { member: boolean; apiKey: boolean; description: LocalizedMessage }>;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/** What a plain member of an office may do through the edge. */
export const MEMBER_PERMISSIONS = ALL_PERMISSIONS.filter((p) => PERMISSIONS[p].member);

/** The scopes an API key can be given. */
export const API_KEY_SCOPES = ALL_PERMISSIONS.filter((p) => PERMISSIONS[p].apiKey) as [
  Permission,
  ...Permission[],
];
export type ApiKeyScope = Permission;

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PERMISSIONS, value);
}
