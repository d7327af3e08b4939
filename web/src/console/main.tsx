// Entry of the operator console (/console).
import { render } from 'preact';
import '../shared/base.css';
import './console.css';
import './lists.css';
import { App } from './app.js';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
