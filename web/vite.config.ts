import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Run from the repository root: `vite build --config web/vite.config.ts`.
const root = path.dirname(fileURLToPath(import.meta.url));
const api = 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
  },
  server: {
    proxy: {
      // ws: the inbox's live updates (/api/v1/live) are a WebSocket.
      '/api': { target: api, changeOrigin: false, ws: true },
      '/v1': { target: api, changeOrigin: false },
    },
  },
});
