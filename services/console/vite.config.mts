import { defineConfig } from 'vite';

// Vite runs this file in Node; the console's tsconfig has no Node types.
declare const process: { env: Record<string, string | undefined> };

// Paths without node:path, so this file type-checks with the console's browser tsconfig.
const here = (p: string) => decodeURIComponent(new URL(p, import.meta.url).pathname);

/**
 * The staff console: React with Vite's built-in JSX transform (Oxc), no plugins. The
 * gateway serves the build at `/` (services/gateway/src/app.ts), so `/api` is the same origin.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: {
    alias: {
      '@tatalaman/api-client': here('../../libs/api-client/src/index.ts'),
      '@tatalaman/working-time': here('../../libs/working-time/src/index.ts'),
    },
  },
  build: {
    outDir: here('../../dist/services/console'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 300,
  },
  server: {
    // `vite` during development: the API of a running gateway (npm start).
    proxy: { '/api': process.env.CONSOLE_API_URL ?? 'http://127.0.0.1:3000' },
  },
});
