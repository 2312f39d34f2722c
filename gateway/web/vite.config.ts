import { resolve } from 'node:path';

import { defineConfig } from 'vite';

/** The browser pages the gateway serves (/board, /desk, /explorer), built to web/dist with hashed assets. */
export default defineConfig({
  root: __dirname,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: resolve(__dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      // GraphiQL's Radix UI modules mark themselves "use client" (a React Server Components hint, meaningless here).
      onwarn: (warning, warn) => (warning.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(warning)),
      input: { board: resolve(__dirname, 'board.html'), desk: resolve(__dirname, 'desk.html'), explorer: resolve(__dirname, 'explorer.html') },
    },
    chunkSizeWarningLimit: 4000,
  },
});
