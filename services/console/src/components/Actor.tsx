import type { Schemas } from '@tatalaman/api-client';
import { t } from '../i18n';

/** A person, an API key or the platform, by name. */
export function actorName(actor: Schemas['Actor'] | null | undefined): string {
  if (!actor) return '—';
  if (actor.kind === 'system') return t('actor.system');
  return actor.name ?? actor.id;
}
