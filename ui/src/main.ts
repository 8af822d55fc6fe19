import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { hasMessages, i18n, loadMessages } from './lib/i18n/i18n.svelte';
import { loadCatalogue } from './lib/catalogue';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

function start(): void {
  mount(App, { target: target! });
  // The Box step renders in the first pass (the shell hands over the app facts with the page),
  // so its address field is in the document now. The mark records the moment it accepts input
  // (not in demo mode, where it starts busy connecting). The start-up benchmark reads it: under
  // WebDriver, WebKit ran the page's microtasks only after the load event, so an observer
  // would have seen the field late (bench/startup-vs-hello.sh).
  const field = document.querySelector<HTMLInputElement>('[data-testid="address-input"]');
  if (field && !field.disabled && !field.readOnly) performance.mark('iot-https:first-screen');
  // The finding texts of the window's language, for the first diagnosis (English is in).
  void loadCatalogue(i18n.locale);
}

// English is in this script; another window language's dictionary is a chunk of its own, and
// the first screen waits for it rather than flashing English.
if (hasMessages(i18n.locale)) start();
else void loadMessages(i18n.locale).then(start);
