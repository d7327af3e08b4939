// Build of the two static pages (public monitor at /, operator console at /console). The server serves web/dist;
// every asset is a hashed file under /assets/, nothing is inlined into the HTML (the pages run under a strict CSP).
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// In development, answer /console like the server does in production (it serves console.html there).
const consoleRoute: Plugin = {
  name: 'mamoru-console-route',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url === '/console' || req.url?.startsWith('/console?')) req.url = req.url.replace('/console', '/console.html');
      next();
    });
  },
};

// `vite --config web/vite.config.ts` proxies the API to a running `mamoru serve` (MAMORU_API, default port 8080).
const api = process.env.MAMORU_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  appType: 'mpa',
  publicDir: false,
  plugins: [consoleRoute],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // Small files stay files: nothing becomes a data: URL inside CSS or scripts.
    assetsInlineLimit: 0,
    target: 'es2022',
    // ECharts' core alone (tree-shaken to line, bar and heat map on canvas) is about 550 kB minified, 190 kB
    // gzipped; it gets its own chunk so both pages share one cached copy.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        console: fileURLToPath(new URL('console.html', import.meta.url)),
      },
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ },
            { name: 'preact', test: /node_modules[\\/]preact[\\/]/ },
            { name: 'shared', test: /web[\\/]src[\\/]shared[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/v1': { target: api, changeOrigin: false }, '/report': { target: api } },
  },
});
