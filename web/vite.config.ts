// Vite build of the console: static files in dist/, served at / by `gmseal server` (and later
// `gmseal signing serve`). `npm run dev` proxies /api to a running server (GMSEAL_URL).
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: {
    outDir: 'dist',
    target: 'es2020',
    // Each screen is its own chunk (router lazy imports); the first screen needs only the shell.
    chunkSizeWarningLimit: 300,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': process.env.GMSEAL_URL ?? 'http://127.0.0.1:8600' },
  },
  test: { include: ['src/**/*.test.ts'] },
} as any);
