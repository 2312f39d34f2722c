import { resolve } from 'node:path';

import { defineConfig } from 'vite';

/** The browser pages the gateway serves (/board, /desk), built to web/dist with hashed assets. */
export default defineConfig({
  root: __dirname,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: resolve(__dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { board: resolve(__dirname, 'board.html'), desk: resolve(__dirname, 'desk.html') } },
  },
});
