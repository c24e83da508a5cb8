/**
 * Syntax highlighting at build time with highlight.js: the page gets coloured `<span>`s and one
 * local theme stylesheet, no script. Only the languages a lesson uses are registered, so an
 * unknown fence language falls back to plain escaped text instead of a wrong auto-detected guess.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import typescript from 'highlight.js/lib/languages/typescript';
import { escapeHtml } from './html';

hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('json', json);
hljs.registerLanguage('bash', bash);
hljs.registerAliases(['ts'], { languageName: 'typescript' });
hljs.registerAliases(['js'], { languageName: 'javascript' });
hljs.registerAliases(['sh', 'shell', 'console'], { languageName: 'bash' });

/** The highlight.js theme copied into the site (a file under highlight.js/styles/). */
export const HIGHLIGHT_THEME = 'github.min.css';

/**
 * A `<pre><code>` block for `code`. `language` is the fence's info word (`ts`, `typescript`,
 * `text`, …); languages not registered above are shown as plain text.
 */
export function highlightCode(code: string, language = ''): string {
  const name = language.trim().split(/\s+/)[0].toLowerCase();
  const known = name !== '' && hljs.getLanguage(name) !== undefined;
  const body = known ? hljs.highlight(code, { language: name, ignoreIllegals: true }).value : escapeHtml(code);
  const className = known ? `hljs language-${hljs.getLanguage(name)?.name?.toLowerCase() ?? name}` : 'hljs';
  return `<pre class="code"><code class="${escapeHtml(className)}">${body}</code></pre>`;
}
