// The `sop` command: validate a definition, draw its chart, print its sheet.
// All I/O goes through `CliIo` so tests run it in-process; it never throws and
// never prints a stack trace — office admins read its output.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  type Diagnostic,
  generateJsonSchema,
  LIMITS,
  parseSopDefinition,
  type ParseResult,
} from '@tatalaman/sop-language';
import { renderSheetHtml, renderSwimlaneSvg } from '@tatalaman/sop-render';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => string;
  writeFile: (path: string, text: string) => void;
  exists: (path: string) => boolean;
}

export const nodeIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: (p) => readFileSync(p, 'utf8'),
  writeFile: (p, t) => writeFileSync(p, t),
  exists: (p) => existsSync(p),
};

type Lang = 'id' | 'en';

const TEXT = {
  id: {
    usage: `Pemakaian: npm run sop -- <perintah> BERKAS [pilihan]

Perintah:
  validate BERKAS...   memeriksa definisi SOP (keluar 0 bila sah, 1 bila ada kesalahan)
  diagram BERKAS       bagan alur SOP sebagai SVG
  sheet BERKAS         lembar SOP sebagai HTML
  compile BERKAS       bentuk terkompilasi (JSON) yang dijalankan workflow
  schema               JSON Schema bahasa definisi SOP

Pilihan:
  -o, --output BERKAS  tulis hasil ke berkas, bukan ke layar
  --lang id|en         bahasa pesan dan hasil (bawaan: id)
  -h, --help           tampilkan bantuan ini
`,
    unknownVerb: (v: string) => `Perintah tidak dikenal: ${v}`,
    unknownOption: (o: string) => `Pilihan tidak dikenal: ${o}`,
    needsFile: (v: string) => `Perintah ${v} memerlukan satu BERKAS definisi.`,
    oneFile: (v: string) => `Perintah ${v} hanya menerima satu BERKAS.`,
    badLang: (l: string) => `Bahasa tidak dikenal: ${l} (pilih id atau en).`,
    needsValue: (o: string) => `Pilihan ${o} memerlukan nilai.`,
    notFound: (f: string) => `${f}: berkas tidak ditemukan.`,
    unreadable: (f: string, why: string) => `${f}: berkas tidak dapat dibaca (${why}).`,
    unwritable: (f: string, why: string) => `${f}: berkas tidak dapat ditulis (${why}).`,
    tooLarge: (f: string) => `${f}: berkas lebih dari ${LIMITS.sourceBytes} bita.`,
    warning: 'peringatan',
    valid: (f: string, title: string, key: string, version: number, steps: number) =>
      `${f}: sah — ${title} (${key} versi ${version}, ${steps} langkah)`,
    invalid: (f: string, n: number) => `${f}: ${n} kesalahan`,
    internal: (why: string) => `Kesalahan internal: ${why}`,
    written: (f: string) => `ditulis: ${f}`,
  },
  en: {
    usage: `Usage: npm run sop -- <verb> FILE [options]

Verbs:
  validate FILE...     check SOP definitions (exit 0 when valid, 1 when not)
  diagram FILE         the SOP procedure chart as SVG
  sheet FILE           the SOP sheet as HTML
  compile FILE         the compiled form (JSON) the workflow runs
  schema               the JSON Schema of the SOP definition language

Options:
  -o, --output FILE    write the result to a file instead of the screen
  --lang id|en         language of messages and output (default: id)
  -h, --help           show this help
`,
    unknownVerb: (v: string) => `Unknown verb: ${v}`,
    unknownOption: (o: string) => `Unknown option: ${o}`,
    needsFile: (v: string) => `The verb ${v} needs one definition FILE.`,
    oneFile: (v: string) => `The verb ${v} takes a single FILE.`,
    badLang: (l: string) => `Unknown language: ${l} (choose id or en).`,
    needsValue: (o: string) => `The option ${o} needs a value.`,
    notFound: (f: string) => `${f}: file not found.`,
    unreadable: (f: string, why: string) => `${f}: the file cannot be read (${why}).`,
    unwritable: (f: string, why: string) => `${f}: the file cannot be written (${why}).`,
    tooLarge: (f: string) => `${f}: the file is larger than ${LIMITS.sourceBytes} bytes.`,
    warning: 'warning',
    valid: (f: string, title: string, key: string, version: number, steps: number) =>
      `${f}: valid — ${title} (${key} version ${version}, ${steps} steps)`,
    invalid: (f: string, n: number) => `${f}: ${n} error${n === 1 ? '' : 's'}`,
    internal: (why: string) => `Internal error: ${why}`,
    written: (f: string) => `written: ${f}`,
  },
} as const;

const VERBS = ['validate', 'diagram', 'sheet', 'compile', 'schema'] as const;
type Verb = (typeof VERBS)[number];

interface Args {
  verb?: string;
  files: string[];
  output?: string;
  lang: Lang;
  help: boolean;
  problems: string[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { files: [], lang: 'id', help: false, problems: [] };
  // Pick the language first, so every later problem is reported in it.
  const langAt = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (langAt >= 0) {
    const a = argv[langAt]!;
    const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[langAt + 1];
    if (value === 'id' || value === 'en') args.lang = value;
  }
  const T = TEXT[args.lang];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') args.help = true;
    else if (a === '--lang' || a.startsWith('--lang=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (value === undefined) args.problems.push(T.needsValue('--lang'));
      else if (value !== 'id' && value !== 'en') args.problems.push(T.badLang(value));
    } else if (a === '-o' || a === '--output' || a.startsWith('--output=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (value === undefined || value === '') args.problems.push(T.needsValue(a.split('=')[0]!));
      else args.output = value;
    } else if (a.startsWith('-') && a !== '-') args.problems.push(T.unknownOption(a));
    else if (args.verb === undefined) args.verb = a;
    else args.files.push(a);
  }
  return args;
}

function formatDiagnostic(file: string, d: Diagnostic, lang: Lang, warning: boolean): string {
  const where = `${file}:${d.line}:${d.column}`;
  const path = d.path ? ` ${d.path}` : '';
  const prefix = warning ? `${TEXT[lang].warning}: ` : '';
  return `${where}${path} ${prefix}${d.message[lang]}`;
}

function load(file: string, io: CliIo, lang: Lang): { result: ParseResult } | { error: string } {
  const T = TEXT[lang];
  if (!io.exists(file)) return { error: T.notFound(file) };
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    return { error: T.unreadable(file, e instanceof Error ? e.message.split('\n')[0]! : String(e)) };
  }
  return { result: parseSopDefinition(text, { fileName: file }) };
}

/** Runs the command; returns the exit code (0 ok, 1 invalid definition or I/O problem, 2 usage). */
export function runSop(argv: readonly string[], io: CliIo = nodeIo): number {
  let lang: Lang = 'id';
  try {
    const args = parseArgs(argv);
    lang = args.lang;
    const T = TEXT[lang];
    if (args.help || (args.verb === undefined && args.problems.length === 0)) {
      (args.help ? io.stdout : io.stderr)(T.usage);
      return args.help ? 0 : 2;
    }
    if (args.verb !== undefined && !(VERBS as readonly string[]).includes(args.verb)) {
      args.problems.push(T.unknownVerb(args.verb));
    }
    const verb = args.verb as Verb;
    if (args.problems.length === 0 && verb !== 'schema') {
      if (args.files.length === 0) args.problems.push(T.needsFile(verb));
      else if (verb !== 'validate' && args.files.length > 1) args.problems.push(T.oneFile(verb));
    }
    if (args.problems.length > 0) {
      io.stderr(`${args.problems.join('\n')}\n\n${T.usage}`);
      return 2;
    }

    const emit = (text: string): number => {
      if (!args.output) {
        io.stdout(text);
        return 0;
      }
      try {
        io.writeFile(args.output, text);
        io.stderr(`${T.written(args.output)}\n`);
        return 0;
      } catch (e) {
        io.stderr(
          `${T.unwritable(args.output, e instanceof Error ? e.message.split('\n')[0]! : String(e))}\n`,
        );
        return 1;
      }
    };

    if (verb === 'schema') return emit(`${JSON.stringify(generateJsonSchema(), null, 2)}\n`);

    let exit = 0;
    for (const file of args.files) {
      const loaded = load(file, io, lang);
      if ('error' in loaded) {
        io.stderr(`${loaded.error}\n`);
        exit = 1;
        continue;
      }
      const { result } = loaded;
      const lines = [
        ...result.errors.map((d) => formatDiagnostic(file, d, lang, false)),
        ...result.warnings.map((d) => formatDiagnostic(file, d, lang, true)),
      ];
      if (lines.length > 0) io.stderr(`${lines.join('\n')}\n`);
      if (!result.ok || !result.definition) {
        io.stderr(`${T.invalid(file, result.errors.length)}\n`);
        exit = 1;
        continue;
      }
      const def = result.definition;
      if (verb === 'validate') {
        const steps = Object.values(def.flows).reduce((n, f) => n + Object.keys(f.steps).length, 0);
        io.stdout(`${T.valid(file, def.title, def.key, def.version, steps)}\n`);
      } else if (verb === 'diagram') exit = Math.max(exit, emit(renderSwimlaneSvg(def, { lang })));
      else if (verb === 'sheet') exit = Math.max(exit, emit(renderSheetHtml(def, { lang })));
      else exit = Math.max(exit, emit(`${JSON.stringify(def, null, 2)}\n`));
    }
    return exit;
  } catch (e) {
    io.stderr(`${TEXT[lang].internal(e instanceof Error ? e.message.split('\n')[0]! : String(e))}\n`);
    return 1;
  }
}
