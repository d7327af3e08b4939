// Entry of the public monitor (/).
import { render } from 'preact';
import '../shared/base.css';
import './monitor.css';
import { App } from './app.js';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
