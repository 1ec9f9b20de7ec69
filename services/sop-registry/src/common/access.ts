import { type Actor, REGISTRY_ERRORS } from '@tatalaman/contracts';
import { commandFailure } from '@tatalaman/messaging';

/**
 * Definitions change how an office works, so only its admins (and platform admins)
 * may upload, activate or retire them; platform definitions need a platform admin.
 * The gateway says who administers (`officeAdmin`, `platformAdmin`); SOP role codes
 * grant nothing here. `system` actors are the platform itself (seeds).
 */
export function requireAdmin(
  req: { actor: Actor; officeAdmin?: boolean; platformAdmin?: boolean },
  scope: 'platform' | 'office' = 'office',
): void {
  if (req.actor.kind === 'system') return;
  const allowed =
    scope === 'platform'
      ? req.platformAdmin === true
      : req.officeAdmin === true || req.platformAdmin === true;
  if (!allowed) {
    throw commandFailure(REGISTRY_ERRORS['not-allowed'], {
      message:
        scope === 'platform'
          ? {
              id: 'Hanya admin platform yang boleh mengunggah definisi SOP platform.',
              en: 'Only a platform admin may upload platform SOP definitions.',
            }
          : {
              id: 'Hanya admin kantor yang boleh mengubah definisi SOP kantor ini.',
              en: "Only an office admin may change this office's SOP definitions.",
            },
      detail: { required: scope === 'platform' ? ['platformAdmin'] : ['officeAdmin', 'platformAdmin'] },
    });
  }
}
