/** A finding of the SOP validator, as the 422 `definition-invalid` problem lists it. */
export interface LineDiagnostic {
  code?: string;
  path?: string;
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface SourceLine {
  number: number;
  text: string;
  diagnostics: LineDiagnostic[];
}

/**
 * The uploaded text as numbered lines, each with the findings that point at it. Findings
 * without a line, or past the end (a missing key reported at the end), go to the nearest
 * line so none is lost: line 1, or the last line.
 */
export function annotateSource(source: string, diagnostics: readonly LineDiagnostic[]): SourceLine[] {
  const texts = source.replace(/\r\n?/g, '\n').split('\n');
  if (texts.length > 1 && texts[texts.length - 1] === '') texts.pop();
  const lines: SourceLine[] = texts.map((text, i) => ({ number: i + 1, text, diagnostics: [] }));
  for (const d of diagnostics) {
    const at = Math.min(Math.max(d.line ?? 1, 1), lines.length);
    lines[at - 1]!.diagnostics.push(d);
  }
  for (const line of lines) line.diagnostics.sort((a, b) => (a.column ?? 0) - (b.column ?? 0));
  return lines;
}

/** Lines to show around the findings (context), when the whole text is long. */
export function linesNear(lines: readonly SourceLine[], context = 3): Set<number> {
  const keep = new Set<number>();
  for (const line of lines) {
    if (!line.diagnostics.length) continue;
    for (let n = line.number - context; n <= line.number + context; n++) if (n >= 1) keep.add(n);
  }
  return keep;
}
