/** A holiday request or admin edit that cannot be applied; message in Bahasa Indonesia, then English. */
export class HolidaysError extends Error {
  readonly messageId: string;
  readonly messageEn: string;
  readonly problems: readonly { path: string; id: string; en: string }[];

  constructor(id: string, en: string, problems: readonly { path: string; id: string; en: string }[] = []) {
    super(`${id} / ${en}${problems.map((p) => `\n  - ${p.path}: ${p.id} / ${p.en}`).join('')}`);
    this.name = 'HolidaysError';
    this.messageId = id;
    this.messageEn = en;
    this.problems = problems;
  }
}
