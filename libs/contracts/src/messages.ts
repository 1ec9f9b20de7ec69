/**
 * Custom validation messages in both languages, for the schemas of contracts and of the
 * gateway alike. zod carries one string per issue, so the English text travels in the
 * issue and the Indonesian one is looked up here (the gateway's problem answers do):
 *
 *   z.string().min(1, bilingual('Alasan wajib diisi', 'A reason is required'))
 */
const translations = new Map<string, string>();

export function bilingual(id: string, en: string): string {
  const known = translations.get(en);
  if (known !== undefined && known !== id) {
    throw new Error(`Two Indonesian texts for one English validation message: ${JSON.stringify(en)}.`);
  }
  translations.set(en, id);
  return en;
}

/** The Indonesian text of a message written with `bilingual`, if it was. */
export function indonesianOf(en: string): string | undefined {
  return translations.get(en);
}
