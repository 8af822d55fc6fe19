// After `vite build` and the server build of src/prerender.ts (package.json "build"): writes the
// first screen into the built page, once per window language — dist/index.html in English and
// dist/index.<lang>.html for the others (the app opens the one of its window's language,
// `AppInfo::first_page` in crates/core/src/ipc.rs). Each page's script hydrates that markup.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ui = fileURLToPath(new URL('..', import.meta.url));
const built = `${ui}.prerender/prerender.js`;
const { version } = JSON.parse(readFileSync(`${ui}package.json`, 'utf8'));
const { firstScreens, markScript } = await import(built);
const screens = await firstScreens(version);

// The one stylesheet (vite.config.ts `cssCodeSplit: false`) goes into the page: nothing
// waits for it, and the first-screen mark (`markScript`) is not held up by it.
const builtPage = readFileSync(`${ui}dist/index.html`, 'utf8');
const links = [...builtPage.matchAll(/<link rel="stylesheet" crossorigin href="\/(assets\/[^"]+\.css)">/g)];
if (links.length !== 1) throw new Error(`expected one stylesheet in dist/index.html, found ${links.length}`);
const [link, cssFile] = links[0];
const css = readFileSync(`${ui}dist/${cssFile}`, 'utf8');
if (css.includes('</style')) throw new Error(`${cssFile} cannot be inlined`);
const template = builtPage.replace(link, `<style>${css}</style>`);
rmSync(`${ui}dist/${cssFile}`);
const mountPoint = '<div id="app"></div>';
if (!template.includes(mountPoint)) throw new Error(`dist/index.html has no ${mountPoint}`);
for (const [code, body] of Object.entries(screens)) {
  if (!body.includes('data-testid="address-input"')) throw new Error(`${code}: no address field in the first screen`);
  const page = template
    .replace('<html lang="en">', `<html lang="${code}">`)
    .replace(mountPoint, `<div id="app">${body}</div>${markScript}`);
  writeFileSync(`${ui}dist/${code === 'en' ? 'index.html' : `index.${code}.html`}`, page);
}
rmSync(`${ui}.prerender`, { recursive: true, force: true });
console.log(`prerendered the first screen in ${Object.keys(screens).join(', ')}`);
