// electron-vite builds the three runtimes: main (Node: Electron entry + web-host entry),
// preload (one CommonJS file, as a sandboxed preload requires) and the React renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { precompress } from './precompress';

const root = resolve(import.meta.dirname, '..');

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: {
        input: {
          index: resolve(root, 'main/electron/index.ts'),
          web: resolve(root, 'main/web/cli.ts'),
          // Worker threads are separate entry files: they are started by path, not imported.
          'analysis-worker': resolve(root, 'main/capture/analysis-worker.ts'),
          'face-worker': resolve(root, 'main/precheck/face-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // Brotli and gzip copies of every text asset, served by the web host (main/web/static-files.ts).
    plugins: [react(), precompress()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves bundles unminified; the renderer is budgeted (≤ 250 KB gzip), so minify it.
      minify: true,
      rollupOptions: {
        input: resolve(root, 'renderer/index.html'),
        // The first screen's libraries as chunks of their own: the browser parses each on a background
        // thread as it arrives (several at once on several cores), and they stay cached across app releases.
        // The screens after the start screen are split off by their dynamic imports (app/lazy-screens.ts).
        output: {
          codeSplitting: {
            groups: [
              { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 2 },
              { name: 'zod', test: /node_modules[\\/]zod[\\/]/, priority: 1 },
              { name: 'i18next', test: /node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements)[\\/]/, priority: 1 },
            ],
          },
        },
      },
    },
  },
});
