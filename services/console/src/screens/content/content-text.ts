import type { Schemas } from '@tatalaman/api-client';
import { currentLanguage, t, type MessageKey } from '../../i18n';

export type ItemStatus = Schemas['ContentItem']['status'];
export const ITEM_STATUSES: ItemStatus[] = [
  'draft',
  'in-review',
  'changes-requested',
  'postponed',
  'approved',
  'published',
  'retracted',
];

const STATUS: Record<ItemStatus, MessageKey> = {
  draft: 'itemStatus.draft',
  'in-review': 'itemStatus.in-review',
  'changes-requested': 'itemStatus.changes-requested',
  postponed: 'itemStatus.postponed',
  approved: 'itemStatus.approved',
  published: 'itemStatus.published',
  retracted: 'itemStatus.retracted',
};

export function itemStatusLabel(s: ItemStatus): string {
  return t(STATUS[s]);
}

export type ContentTypes = Schemas['ContentTypeList']['contentTypes'];

export function typeLabel(types: ContentTypes | undefined, code: string): string {
  const found = types?.find((x) => x.code === code);
  return found ? found.name[currentLanguage()] : code;
}
