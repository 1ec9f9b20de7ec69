// The names staff read for content type and channel codes (Bahasa Indonesia).
import { CHANNELS, CONTENT_TYPES } from '@tatalaman/sop-language';

export function contentTypeLabel(code: string | null | undefined): string {
  if (!code) return 'Tanpa jenis';
  return CONTENT_TYPES[code]?.id ?? code.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function channelLabel(code: string): string {
  return CHANNELS[code]?.id ?? code;
}
