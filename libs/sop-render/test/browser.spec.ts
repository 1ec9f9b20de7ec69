// Opens each seed's chart in Chromium and checks it renders like the paper: well-formed
// SVG, one lane per role in order, one row per step, every symbol inside its lane and
// row, and no text spilling out of its cell. The chart carries its own font, so none of
// this depends on the fonts the machine has. Saves screenshots to tmp/screenshots/.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { CompiledSop } from '@tatalaman/sop-language';
import { embeddedFontFaces, type Face } from '@tatalaman/typeface';
import { measureText, renderSheetHtml, renderSwimlaneSvg } from '../src';
import { compile, SEEDS } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '../../../tmp/screenshots');

jest.setTimeout(180_000);

let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser check needs Debian's chromium package`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Measured {
  parseErrors: number;
  svg: Box;
  roles: { role: string; box: Box }[];
  rows: { step: string; box: Box }[];
  symbols: { step: string; role: string; box: Box }[];
  overflows: string[];
}

// The few DOM shapes the in-page functions use; declared here so the project keeps
// no DOM typings (the renderer itself must not depend on a DOM).
interface DomRect {
  x: number;
  y: number;
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface DomElement {
  getBoundingClientRect(): DomRect;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
  getAttribute(name: string): string | null;
  firstElementChild: DomElement | null;
  textContent: string | null;
}
interface DomFontFace {
  family: string;
  weight: string;
  style: string;
  status: string;
}
interface DomGlobals {
  document: DomElement & { fonts: Iterable<DomFontFace> & { ready: Promise<unknown> } };
  DOMParser: new () => {
    parseFromString(source: string, type: string): { getElementsByTagName(name: string): { length: number } };
  };
}

/** The embedded faces the page has loaded, once every font load has settled. */
async function loadedFaces(): Promise<string[]> {
  return page.evaluate(async () => {
    const { document } = globalThis as unknown as DomGlobals;
    await document.fonts.ready;
    return [...document.fonts]
      .filter((f) => f.status === 'loaded')
      .map((f) => `${f.family} ${f.weight} ${f.style}`)
      .sort();
  });
}

async function measure(svg: string): Promise<Measured & { faces: string[] }> {
  await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
  const faces = await loadedFaces();
  const measured = await page.evaluate((source: string) => {
    const { document, DOMParser } = globalThis as unknown as DomGlobals;
    const parseErrors = new DOMParser()
      .parseFromString(source, 'image/svg+xml')
      .getElementsByTagName('parsererror').length;
    const root = document.querySelector('svg')!;
    const box = (el: DomElement) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const roles = [...root.querySelectorAll('g.role-col')].map((g) => ({
      role: g.getAttribute('data-role')!,
      box: box(g.querySelector('rect.lane')!),
    }));
    const rows = [...root.querySelectorAll('g.step-row')].map((g) => {
      const r = g.querySelector('g.cell rect')!;
      return { step: g.getAttribute('data-step')!, box: box(r) };
    });
    const symbols = [...root.querySelectorAll('g.symbol[data-symbol-for]')].map((g) => ({
      step: g.getAttribute('data-symbol-for')!,
      role: g.getAttribute('data-role')!,
      box: box(g.firstElementChild!),
    }));
    const overflows: string[] = [];
    for (const cell of root.querySelectorAll('g.cell')) {
      const rect = cell.querySelector('rect')!.getBoundingClientRect();
      for (const text of cell.querySelectorAll('text')) {
        const t = text.getBoundingClientRect();
        const tol = 0.5;
        if (
          t.left < rect.left - tol ||
          t.right > rect.right + tol ||
          t.top < rect.top - tol ||
          t.bottom > rect.bottom + tol
        ) {
          overflows.push(`${cell.getAttribute('class')}: "${text.textContent?.slice(0, 40)}"`);
        }
      }
    }
    return { parseErrors, svg: box(root), roles, rows, symbols, overflows };
  }, svg);
  return { ...measured, faces };
}

const inside = (inner: Box, outer: Box, tol = 0.5) =>
  inner.x >= outer.x - tol &&
  inner.y >= outer.y - tol &&
  inner.x + inner.width <= outer.x + outer.width + tol &&
  inner.y + inner.height <= outer.y + outer.height + tol;

function checkChart(sop: CompiledSop, m: Measured): void {
  expect(m.parseErrors).toBe(0);
  // Lanes: one per role, in the definition's order, side by side.
  expect(m.roles.map((r) => r.role)).toEqual(sop.roleOrder);
  for (let i = 1; i < m.roles.length; i++) {
    const prev = m.roles[i - 1]!.box;
    expect(m.roles[i]!.box.x).toBeCloseTo(prev.x + prev.width, 0);
    expect(m.roles[i]!.box.width).toBeGreaterThan(80);
  }
  // Rows: one per step, top to bottom, no overlap.
  const steps = Object.values(sop.flows).flatMap((f) => Object.values(f.steps));
  expect(m.rows).toHaveLength(steps.length);
  expect(new Set(m.rows.map((r) => r.step))).toEqual(new Set(steps.map((s) => s.id)));
  for (let i = 1; i < m.rows.length; i++) {
    expect(m.rows[i]!.box.y).toBeGreaterThanOrEqual(m.rows[i - 1]!.box.y + m.rows[i - 1]!.box.height - 0.5);
  }
  // Every actor's symbol sits in its own lane and its own row.
  const lanes = new Map(m.roles.map((r) => [r.role, r.box]));
  const rows = new Map(m.rows.map((r) => [r.step, r.box]));
  for (const step of steps.filter((s) => s.kind !== 'parallel')) {
    const drawn = m.symbols.filter((s) => s.step === step.id);
    const expected = step.actors.length > 0 ? step.actors : step.recipients;
    expect(drawn.map((d) => d.role).sort()).toEqual([...expected].sort());
    for (const d of drawn) {
      const lane = lanes.get(d.role)!;
      const row = rows.get(step.id)!;
      expect(inside(d.box, { x: lane.x, y: row.y, width: lane.width, height: row.height })).toBe(true);
    }
  }
  expect(m.overflows).toEqual([]);
}

describe.each([
  ...SEEDS.map((s) => [s, `workflows/definitions/${s}.yaml`]),
  ['all-features', 'libs/sop-language/test/fixtures/all-features.yaml'],
])('chart of %s in Chromium', (name, path) => {
  const sop = compile(path);

  it.each(['id', 'en'] as const)('renders in %s like the paper chart', async (lang) => {
    const m = await measure(renderSwimlaneSvg(sop, { lang }));
    // Drawn in the embedded Arimo, not in whatever the machine has.
    expect(m.faces).toEqual(expect.arrayContaining(['Arimo 400 normal', 'Arimo 700 normal']));
    checkChart(sop, m);
    // Readable at A4-landscape width: at most about 1.3 screen widths of 1100 px, scaled down to 277 mm.
    expect(m.svg.width).toBeLessThanOrEqual(1450);
    await page
      .locator('svg')
      .first()
      .screenshot({ path: join(SCREENSHOTS, `${name}.${lang}.png`) });
  });
});

describe('the layout measures text as Chromium draws it in the embedded font', () => {
  const samples = [
    'Pengelolaan Website KPU Provinsi Jawa Tengah',
    'Kelengkapan/Peralatan: Laptop, jaringan internet, WhatsApp',
    'WAVE Ty Yo Te Av 1234567890 (…) “Ketua” — Sub Koordinator',
    'ÀÉÎÕÜ àéîõü ÇÑ çñ ß Æ æ Œ œ',
    'Łódź Đorđe Ğüneş ş ā ē ī ō ū Ő ű',
  ];
  // Characters the shipped subsets lack: drawn by a fallback font, so only an upper bound is promised.
  const outside = 'Nguyễn Đặng → ← ◇';
  const faces: Face[] = ['regular', 'bold', 'italic'];
  const attrs: Record<Face, string> = {
    regular: '',
    bold: 'font-weight="bold"',
    italic: 'font-style="italic"',
  };

  it('never narrower than drawn, and within 3 % of it', async () => {
    const size = 40;
    const texts = faces.flatMap((face) =>
      [...samples, outside].map(
        (text) =>
          `<text font-family="Arimo" font-size="${size}" ${attrs[face]} data-face="${face}">${text}</text>`,
      ),
    );
    const all = [...samples, outside].join(' ');
    await page.setContent(
      `<!doctype html><html><body><svg xmlns="http://www.w3.org/2000/svg" width="4000" height="400"><defs><style>${embeddedFontFaces(faces, all)}</style></defs>${texts.join('')}</svg></body></html>`,
    );
    expect(await loadedFaces()).toEqual(
      expect.arrayContaining(['Arimo 400 italic', 'Arimo 400 normal', 'Arimo 700 normal']),
    );
    const drawn = await page.evaluate(() => {
      const { document } = globalThis as unknown as DomGlobals;
      return [...document.querySelectorAll('text')].map((t) => ({
        face: t.getAttribute('data-face') as 'regular' | 'bold' | 'italic',
        text: t.textContent ?? '',
        width: (t as unknown as { getComputedTextLength(): number }).getComputedTextLength(),
      }));
    });
    expect(drawn).toHaveLength(faces.length * (samples.length + 1));
    const off = drawn
      .map((d) => ({ ...d, measured: measureText(d.text, size, d.face) }))
      .filter((d) => d.measured < d.width - 0.5 || (d.text !== outside && d.measured / d.width > 1.03))
      .map((d) => `${d.face} "${d.text}": measured ${d.measured.toFixed(1)}, drawn ${d.width.toFixed(1)}`);
    expect(off).toEqual([]);
  });
});

describe('sheet HTML in Chromium', () => {
  it.each(SEEDS)('%s shows the identity table, the frame and the chart', async (name) => {
    const sop = compile(`workflows/definitions/${name}.yaml`);
    await page.setContent(renderSheetHtml(sop, { lang: 'id' }));
    expect(await loadedFaces()).toEqual(expect.arrayContaining(['Arimo 400 normal', 'Arimo 700 normal']));
    const facts = await page.evaluate(() => {
      const { document } = globalThis as unknown as DomGlobals;
      return {
        identityRows: [...document.querySelectorAll('table.identity tr')].length,
        frameHeads: [...document.querySelectorAll('table.frame th')].map((th) => th.textContent),
        charts: [...document.querySelectorAll('section.procedure svg')].length,
        chartWidth: document.querySelector('section.procedure svg')!.getBoundingClientRect().width,
      };
    });
    expect(facts).toEqual({
      identityRows: 7,
      frameHeads: [
        'Dasar Hukum',
        'Kualifikasi Pelaksana',
        'Keterkaitan',
        'Peralatan/Perlengkapan',
        'Peringatan',
        'Pencatatan dan Pendataan',
      ],
      charts: 1,
      chartWidth: expect.any(Number),
    });
    expect(facts.chartWidth).toBeGreaterThan(1000);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.sheet.png`), fullPage: true });
  });
});
