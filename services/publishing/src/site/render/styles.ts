import { createHash } from 'node:crypto';
import {
  type Face,
  fontFaceRules,
  fontFileBytes,
  fontFileName,
  SUBSETS,
  type Subset,
} from '@tatalaman/typeface';

const FACES: Face[] = ['regular', 'bold', 'italic'];

/** Each shipped font file's name under `/_fonts/`: with its content hash, so it can be cached for good. */
const fontNames = new Map<string, { name: string; bytes: Buffer }>(
  FACES.flatMap((face) =>
    SUBSETS.map((subset) => {
      const bytes = fontFileBytes(face, subset);
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
      const name = fontFileName(face, subset).replace(/\.woff2$/, `.${hash}.woff2`);
      return [`${face}/${subset}`, { name, bytes }] as const;
    }),
  ),
);

/** The font files the sites serve, by name; the browser fetches only the subsets a page's text needs. */
export const FONT_FILES: ReadonlyMap<string, Buffer> = new Map(
  [...fontNames.values()].map(({ name, bytes }) => [name, bytes]),
);

const fontUrl = (face: Face, subset: Subset) => `/_fonts/${fontNames.get(`${face}/${subset}`)!.name}`;

/**
 * The one stylesheet of every office site: inline (no extra request), the platform's own
 * font (Arimo, from /_fonts/, so every visitor sees the same text width), no framework, no
 * JavaScript. Mobile first; 360 px wide phones are the baseline. KPU offices get the KPU
 * maroon, other agencies a government blue.
 */
export const CSS = `${fontFaceRules(FACES, SUBSETS, fontUrl)}
:root{--c:#7a1212;--c2:#5a0c0c;--ink:#1f2328;--mute:#57606a;--line:#d8dee4;--bg:#f6f7f9;--card:#fff;--ok:#1a7f37;--warn:#9a6700;--bad:#b42318}
body.agency{--c:#0b4a8b;--c2:#083566}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.6 Arimo,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--c)}a:hover{color:var(--c2)}
a:focus-visible,input:focus-visible,button:focus-visible{outline:3px solid #f2b705;outline-offset:2px}
img{max-width:100%;height:auto}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:9}.skip:focus{left:.5rem}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
.topbar{background:#1f2328;color:#e6e6e6;font-size:.8rem}.topbar .wrap{padding:.3rem 1rem}
header.site{background:var(--c);color:#fff}
header.site .wrap{display:flex;align-items:center;gap:.8rem;padding:1rem}
.emblem{flex:none;width:3.2rem;height:3.2rem;border-radius:50%;background:#fff;color:var(--c);display:flex;align-items:center;justify-content:center;font-weight:800;font-size:.85rem;letter-spacing:.02em;border:3px solid #f2b705}
.site-name{margin:0;font-size:1.25rem;font-weight:700;line-height:1.25}
.site-name a{color:#fff;text-decoration:none}
.tagline{margin:0;font-size:.85rem;opacity:.9}
nav.main{background:#fff;border-bottom:1px solid var(--line)}
nav.main ul{list-style:none;margin:0 auto;padding:0 .5rem;display:flex;overflow-x:auto;max-width:72rem;white-space:nowrap}
nav.main a{display:block;padding:.75rem .7rem;text-decoration:none;color:var(--ink);font-weight:600;font-size:.95rem;border-bottom:3px solid transparent}
nav.main a[aria-current]{border-bottom-color:var(--c);color:var(--c)}
main{display:block;padding:1.25rem 0 2rem}main:focus{outline:none}
h1{font-size:1.6rem;line-height:1.25;margin:.2rem 0 .8rem}
h2{font-size:1.25rem;line-height:1.3;margin:1.6rem 0 .6rem}
h3,.h3{font-size:1.05rem;margin:.2rem 0 .3rem;line-height:1.35}
.crumbs{font-size:.85rem;color:var(--mute);margin:0 0 .5rem}.crumbs a{color:var(--mute)}
.hero{background:#fff;border:1px solid var(--line);border-left:6px solid var(--c);padding:1rem 1.1rem;border-radius:6px;margin-bottom:1.2rem}
.hero h1{font-size:1.35rem}.hero p{margin:.2rem 0 .8rem;color:var(--mute)}.cols{margin-top:1rem}
form.search{display:flex;gap:.4rem;max-width:32rem}
form.search input{flex:1;min-width:0;padding:.55rem .7rem;font:inherit;border:1px solid #8c959f;border-radius:4px}
form.search button{padding:.55rem 1rem;font:inherit;font-weight:600;color:#fff;background:var(--c);border:0;border-radius:4px;cursor:pointer}
.grid{display:grid;gap:1rem;grid-template-columns:1fr}
@media(min-width:40rem){.grid{grid-template-columns:repeat(2,1fr)}}
@media(min-width:64rem){.grid{grid-template-columns:repeat(3,1fr)}.cols{display:grid;grid-template-columns:2fr 1fr;gap:1.5rem;align-items:start}.cols>.side{margin-top:0}}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.9rem 1rem;display:flex;flex-direction:column}
.card img{aspect-ratio:16/9;object-fit:cover;width:100%;border-radius:4px;margin-bottom:.6rem;background:#eee}
.card h3 a{text-decoration:none;color:var(--ink)}.card h3 a:hover{color:var(--c);text-decoration:underline}
.card p{margin:.2rem 0 0;color:var(--mute);font-size:.95rem}
.meta{font-size:.85rem;color:var(--mute)}
.tag{display:inline-block;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;color:var(--c)}
.list{list-style:none;margin:0;padding:0}.list li{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.8rem 1rem;margin-bottom:.6rem}
.list li p{margin:.2rem 0 0;color:var(--mute)}.list h2 a,.list h3 a{color:var(--ink);text-decoration:none}.list h2 a:hover,.list h3 a:hover{color:var(--c);text-decoration:underline}
.box{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.9rem 1rem;margin-bottom:1rem}
.box h2{margin-top:0}
.empty{color:var(--mute);font-style:italic}
article.page{background:#fff;border:1px solid var(--line);border-radius:6px;padding:1rem 1.1rem 1.4rem;max-width:48rem}
.lead{font-size:1.1rem;color:#32383f}
.prose{overflow-wrap:anywhere}.prose table{display:block;overflow-x:auto;border-collapse:collapse}.prose td,.prose th{border:1px solid var(--line);padding:.35rem .5rem}
.prose blockquote{margin:1rem 0;padding:.2rem 1rem;border-left:4px solid var(--line);color:var(--mute)}
.prose pre{overflow-x:auto;background:var(--bg);padding:.6rem}
figure{margin:1rem 0}.lead-img img{width:100%;border-radius:4px}.side{margin-top:1rem}.side h2{font-size:1.05rem}figcaption{font-size:.85rem;color:var(--mute)}
.notice{border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem;border:1px solid}
.notice.fix{background:#fff8e5;border-color:#e7c164}.notice.gone{background:#fdecea;border-color:#e8a29b}
.notice p{margin:.2rem 0}
table.facts,table.data{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;font-size:.95rem}
table.facts th,table.facts td,table.data th,table.data td{border-bottom:1px solid var(--line);padding:.45rem .5rem;text-align:left;vertical-align:top}
table.facts th{width:40%;color:var(--mute);font-weight:600}
table.data thead th{background:var(--bg)}
.scroll{overflow-x:auto}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:999px;font-size:.78rem;font-weight:700;color:#fff;background:var(--ok)}.badge.off{background:var(--bad)}
.files{list-style:none;padding:0;margin:.4rem 0 1rem}.files li{padding:.45rem 0;border-bottom:1px solid var(--line)}
.gallery{display:grid;gap:.6rem;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr))}
.pager{display:flex;justify-content:space-between;gap:1rem;margin-top:1rem}
footer.site{background:#1f2328;color:#d0d7de;font-size:.9rem;margin-top:1rem}
footer.site .wrap{padding:1.4rem 1rem}footer.site a{color:#fff}
footer.site ul{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.4rem 1rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media(min-width:48rem){h1{font-size:2rem}.hero h1{font-size:1.8rem}.site-name{font-size:1.5rem}.emblem{width:3.8rem;height:3.8rem}}
`
  .trim()
  .replace(/\n/g, '');

/** For the Content-Security-Policy: the only style the page may apply. */
export const CSS_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;
