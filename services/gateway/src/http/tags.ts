import type { ApiTag } from './endpoint';

/** The OpenAPI tags of the gateway's own routes; other domains add theirs beside their controllers. */
export const TAGS = {
  auth: { name: 'Auth', description: 'Sign in, refresh the access token, sign out.' },
  me: { name: 'Me', description: 'The signed-in person or API key: offices, permissions, effective roles.' },
  offices: { name: 'Offices', description: 'Offices (tenants): onboarding, profile.' },
  calendar: {
    name: 'Calendar',
    description: "An office's working hours, holiday overrides (cuti bersama) and extra working days.",
  },
  users: { name: 'Users', description: "An office's members and their accounts." },
  platformAdmins: { name: 'Platform admins', description: 'Who administers the whole platform.' },
  roleBindings: { name: 'Role bindings', description: 'Who holds which SOP role in an office, and when.' },
  delegations: { name: 'Delegations', description: 'Acting in the roles of someone who is away.' },
  apiKeys: { name: 'API keys', description: 'Keys for agency systems: office-bound, scoped, revocable.' },
  audit: { name: 'Audit', description: 'Every change by a person or API key, with old and new values.' },
} satisfies Record<string, ApiTag>;
