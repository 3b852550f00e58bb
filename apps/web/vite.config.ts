import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { antdStaticCss } from './scripts/antd-static-css.ts';
import { routePreloads } from './scripts/route-preloads.ts';

export default defineConfig({
  plugins: [react(), antdStaticCss(), routePreloads()],
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  build: { outDir: 'dist', emptyOutDir: true },
});
