import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { followDocumentTitle } from './lib/window-title';

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');

followDocumentTitle();

export default mount(App, { target });
