/** The stack's own console output: short, readable, one prefix per source. */
const colors = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92];
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

function paint(code: number, text: string): string {
  return useColor ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function prefixFor(name: string, index: number, width = 12): string {
  return paint(colors[index % colors.length]!, name.padEnd(width).slice(0, width) + ' |');
}

export function createLog(name = 'stack'): Log {
  const prefix = prefixFor(name, 0);
  return {
    info: (m) => console.log(`${prefix} ${m}`),
    warn: (m) => console.warn(`${prefix} ${paint(33, m)}`),
    error: (m) => console.error(`${prefix} ${paint(31, m)}`),
  };
}

export const bold = (s: string) => paint(1, s);
export const red = (s: string) => paint(31, s);
export const green = (s: string) => paint(32, s);
