import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

export default mount(App, { target });

// The first screen is in the document now: the Box step renders in the first pass, because the
// shell hands over the app facts with the page. The start-up benchmark (bench/) reads this mark.
performance.mark('iot-https:first-screen');
