import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';

// The API server that `npm run dev` starts next to Vite (its default PORT).
const apiServer = 'http://localhost:3000';
const clientRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * /widget.js: the shopper widget as one classic script (IIFE, no chunks, CSS inside) that a
 * shop embeds with a single <script> tag. A library build cannot share the app build's
 * code-split output, so it runs as a second build into the same folder.
 */
function widgetBuildConfig(): InlineConfig {
  return {
    configFile: false,
    root: clientRoot,
    logLevel: 'warn',
    plugins: [react(), widgetAssetsOnly()],
    // Library builds leave process.env alone; React needs it resolved to drop its dev code.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      copyPublicDir: false,
      lib: {
        entry: 'src/features/widget/embed.ts',
        formats: ['iife'],
        name: 'ScriptDeskWidget',
        fileName: () => 'widget.js',
      },
    },
  };
}

/** The widget's CSS ships inside widget.js (for its shadow root); a demo page goes beside it. */
function widgetAssetsOnly(): Plugin {
  return {
    name: 'scriptdesk:widget-assets',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const fileName of Object.keys(bundle))
        if (fileName.endsWith('.css')) delete bundle[fileName];
      this.emitFile({
        type: 'asset',
        fileName: 'widget.html',
        source: readFileSync(new URL('widget.html', import.meta.url), 'utf8'),
      });
    },
  };
}

function embeddableWidget(): Plugin {
  let watching = false;
  return {
    name: 'scriptdesk:embeddable-widget',
    configResolved(config) {
      watching = config.command === 'build' && Boolean(config.build.watch);
    },
    // In dev, /widget.js is a classic script that loads the widget's modules, as the
    // built one would run (try it on /widget.html).
    configureServer(server) {
      server.middlewares.use('/widget.js', (_request, response) => {
        response.setHeader('Content-Type', 'text/javascript');
        response.end(`import(${JSON.stringify('/src/features/widget/embed.ts')});`);
      });
    },
    async closeBundle() {
      if (!watching) await build(widgetBuildConfig());
    },
  };
}

export default defineConfig({
  root: clientRoot,
  plugins: [react(), embeddableWidget()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Long-cached chunks for what every page needs; Ant Design components that only
          // some pages use stay in those pages' chunks.
          groups: [
            {
              name: 'framework',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|i18next|react-i18next|i18next-browser-languagedetector|@tanstack)[\\/]/,
            },
            {
              name: 'antd-core',
              test: /node_modules[\\/](antd|@ant-design|@rc-component)[\\/]/,
              minShareCount: 4,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': apiServer,
      '/socket.io': { target: apiServer, ws: true },
      '/healthz': apiServer,
      '/metrics': apiServer,
    },
  },
});
