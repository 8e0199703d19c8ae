import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { buildMetaContentSecurityPolicy, connectSources } from './src/shared/csp';

/**
 * The meta CSP is a second line behind the per-response header. It cannot know the
 * signed-in homeserver, so it carries the login-screen sources; the header narrows them.
 */
function contentSecurityPolicyMeta(): Plugin {
  const policy = buildMetaContentSecurityPolicy(connectSources({ activeHomeserverOrigin: null, allowLoopbackHttp: true }));
  return {
    name: 'depesche-csp-meta',
    transformIndexHtml: (html) => html.replace('%DEPESCHE_CSP%', policy),
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve('src/main/electron/index.ts') }, external: ['keytar', '@vscode/policy-watcher'] },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot require() packages: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [svelte(), contentSecurityPolicyMeta()],
    worker: {
      format: 'es',
      // The sync-store worker needs matrix-js-sdk's IndexedDB backend only. The SDK does not
      // declare itself free of side effects, so without this the worker bundles the whole SDK.
      rolldownOptions: { treeshake: { moduleSideEffects: false } },
    },
    build: {
      target: 'chrome130',
      // electron-vite leaves bundles unminified; the renderer's JS is what every start parses.
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
