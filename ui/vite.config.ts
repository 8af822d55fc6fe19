import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// Tauri loads the dev server from devUrl (http://localhost:5173) and the build from ../ui/dist.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    watch: { ignored: ['**/src-tauri/**', '**/target/**'] },
    // The finding catalogue lives in crates/core/catalogue and is imported at build time.
    fs: { allow: ['..'] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Everything ships inside the app: no inlined data: scripts, no remote assets.
    assetsInlineLimit: 0,
    sourcemap: false,
    // One stylesheet for every view, inlined into the page by scripts/prerender.mjs: the first
    // screen paints without waiting for a stylesheet, and no later view fetches one.
    cssCodeSplit: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
  },
});
