// The SOP identity sheet as the paper shows it (Permenpan-RB 35/2012 frame),
// followed by the procedure chart: one self-contained HTML page, inline CSS and
// embedded font, every text escaped.
import { type CompiledSop, formatDuration, REPORT_CODES } from '@tatalaman/sop-language';
import { formatDate, LABELS, type Lang, roleNames } from './labels';
import { embeddedFontFaces, FONT_FAMILY } from '@tatalaman/typeface';
import { facesUsed, renderSwimlaneSvg, type RenderOptions } from './swimlane';
import { escapeXml } from './text';

const CSS = `
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #111827; font-family: ${FONT_FAMILY}; font-size: 10pt; }
main.sheet { max-width: 1440px; margin: 0 auto; padding: 16px; background: #fff; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #1f2937; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #e5e7eb; font-weight: bold; }
table.identity td.agency { width: 38%; text-align: center; vertical-align: middle; font-weight: bold; font-size: 12pt; }
table.identity td.agency .unit { display: block; font-weight: normal; font-size: 10pt; margin-top: 4px; }
table.identity th { width: 17%; }
table.frame { margin-top: -1px; }
table.frame th, table.frame td { width: 50%; }
ol, ul { margin: 0; padding-left: 1.4em; }
.muted { color: #4b5563; }
.signature { display: flex; justify-content: flex-end; margin: 14px 0; }
.signature div { text-align: center; min-width: 260px; }
.signature .name { margin-top: 40px; font-weight: bold; text-decoration: underline; }
section { margin-top: 16px; }
h1 { font-size: 14pt; margin: 0 0 10px; }
h2 { font-size: 12pt; margin: 0 0 8px; }
.procedure svg { width: 100%; height: auto; display: block; }
.meta-notes p { margin: 4px 0; }
@media print { body { background: #fff; } main.sheet { padding: 0; max-width: none; } section.procedure { break-before: page; } }
`;

const esc = escapeXml;

function list(items: readonly string[], lang: Lang): string {
  if (items.length === 0) return `<span class="muted">${LABELS[lang].empty}</span>`;
  return `<ol>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ol>`;
}

export function renderSheetHtml(sop: CompiledSop, options: RenderOptions = {}): string {
  const lang: Lang = options.lang === 'en' ? 'en' : 'id';
  const L = LABELS[lang];
  const m = sop.metadata;
  const d = m.dates;
  const ratified = m.ratifiedBy;
  const ratifiedCell = ratified
    ? [
        esc(ratified.title),
        ratified.name ? `<br><strong>${esc(ratified.name)}</strong>` : '',
        ratified.rank ? `<br>${esc(ratified.rank)}` : '',
        ratified.nip ? `<br>${L.nip} ${esc(ratified.nip)}` : '',
      ].join('')
    : L.empty;
  const identityRows: [string, string][] = [
    [L.number, esc(m.number ?? L.empty)],
    [L.made, esc(formatDate(d.made, lang))],
    [L.revised, esc(formatDate(d.revised, lang))],
    [L.effective, esc(formatDate(d.effective, lang))],
    [L.ratified, esc(formatDate(d.ratified, lang))],
    [L.ratifiedBy, ratifiedCell],
    [L.name, esc(m.name ?? sop.title)],
  ];
  const agency = `${esc(m.agency ?? '')}${m.unit ? `<span class="unit">${esc(m.unit)}</span>` : ''}`;
  const identity = identityRows
    .map(
      ([k, v], i) =>
        `<tr>${i === 0 ? `<td class="agency" rowspan="${identityRows.length}">${agency}</td>` : ''}<th>${esc(k)}</th><td>${v}</td></tr>`,
    )
    .join('\n');

  const related = m.related.map((r) => (r.key ? `${r.title} (${r.key})` : r.title));
  const records = m.records.map((r) =>
    r.report && REPORT_CODES[r.report] ? `${r.text} [${REPORT_CODES[r.report]![lang]}]` : r.text,
  );
  const qualifications = `${list(m.qualifications, lang)}${
    m.minimumStaff
      ? `<p><strong>${esc(L.minimumStaff)}:</strong> ${esc(L.minimumStaffValue(m.minimumStaff))}</p>`
      : ''
  }`;

  const frame = `
<table class="frame">
<tr><th>${esc(L.legalBasis)}</th><th>${esc(L.qualifications)}</th></tr>
<tr><td>${list(m.legalBasis, lang)}</td><td>${qualifications}</td></tr>
<tr><th>${esc(L.related)}</th><th>${esc(L.equipment)}</th></tr>
<tr><td>${list(related, lang)}</td><td>${list(m.equipment, lang)}</td></tr>
<tr><th>${esc(L.warning)}</th><th>${esc(L.records)}</th></tr>
<tr><td>${m.warning ? esc(m.warning) : `<span class="muted">${L.empty}</span>`}</td><td>${list(records, lang)}</td></tr>
</table>`;

  const provisions =
    m.provisions.length > 0
      ? `<section class="provisions"><h2>${esc(L.provisions)}</h2>${list(m.provisions, lang)}</section>`
      : '';

  const signature = ratified
    ? `<div class="signature"><div>${
        ratified.place || d.ratified
          ? `<div>${esc([ratified.place, d.ratified ? formatDate(d.ratified, lang) : null].filter(Boolean).join(', '))}</div>`
          : ''
      }<div>${esc(ratified.title)}</div><div class="name">${esc(ratified.name ?? '')}</div>${
        ratified.nip ? `<div>${L.nip} ${esc(ratified.nip)}</div>` : ''
      }</div></div>`
    : '';

  const metaNotes: string[] = [];
  if (m.note) metaNotes.push(`<p>${esc(m.note)}</p>`);
  if (sop.escalation) {
    const remind = sop.escalation.remindBefore
      ? ` (${formatDuration(sop.escalation.remindBefore, lang)})`
      : '';
    metaNotes.push(
      `<p><strong>${esc(L.escalation(roleNames(sop, sop.escalation.notify)))}${esc(remind)}.</strong>${
        sop.escalation.note ? ` ${esc(sop.escalation.note)}` : ''
      }</p>`,
    );
  }
  if (m.signedSheet) {
    metaNotes.push(
      `<p><strong>${esc(L.signedSheet)}:</strong> ${esc(m.signedSheet.file)} (${esc(m.signedSheet.mediaType)}, SHA-256 <code>${esc(
        m.signedSheet.sha256,
      )}</code>)${m.signedSheet.note ? `. ${esc(m.signedSheet.note)}` : ''}</p>`,
    );
  }
  metaNotes.push(
    `<p class="muted">${esc(sop.key)} · ${esc(L.version)} ${sop.version} · ${esc(L.timeZone)} ${esc(sop.timeZone)}</p>`,
  );

  const chart = renderSwimlaneSvg(sop, { lang, embedFonts: false });
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${L.sop}: ${sop.title}`)}</title>
<style><!--font-faces-->${CSS}</style>
</head>
<body>
<main class="sheet" data-key="${esc(sop.key)}" data-version="${sop.version}">
<h1>${esc(L.sop)}: ${esc(sop.title)}</h1>
<table class="identity">
${identity}
</table>
${frame}
${provisions}
${signature}
<section class="procedure">
<h2>${esc(L.procedure)}</h2>
${chart}</section>
<section class="meta-notes">
<h2>${esc(L.metadataNote)}</h2>
${metaNotes.join('\n')}
</section>
</main>
</body>
</html>
`;
  // The page carries the faces for its own text (headings and table heads are bold) and the chart's.
  const faces = [...new Set([...facesUsed(chart), 'bold' as const])];
  // The marker cannot come from the definition: every text in the page is escaped.
  return html.replace('<!--font-faces-->', embeddedFontFaces(faces, html));
}
