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
    rollupOptions: {
      output: {
        // pdf.js's worker ships as .mjs; the C++ server's file mount knows .js as JavaScript,
        // and module workers need a JavaScript MIME type.
        assetFileNames: (asset: { name?: string }) =>
          asset.name?.endsWith('.mjs') ? 'assets/[name]-[hash].js' : 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    proxy: { '/api': process.env.GMSEAL_URL ?? 'http://127.0.0.1:8600' },
  },
  test: { include: ['src/**/*.test.ts'] },
} as any);
