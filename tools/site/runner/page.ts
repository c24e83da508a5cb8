/**
 * A lesson page's "Run in this page" button (loaded on every lesson page; tiny). The runner itself —
 * editors, the worker, outputs — loads only when the reader presses it (ui.ts). Without JavaScript,
 * or until pressed, the page is the static executed lesson.
 */
import type { RunnerData } from './ui';

const dataElement = document.getElementById('runner-data');
const where = document.querySelector('.lesson-head .run-it');
if (dataElement && where) {
  const data = JSON.parse(dataElement.textContent ?? '{}') as RunnerData;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'runner-toggle';
  button.textContent = 'Run in this page';
  button.title = 'Edit and run the code cells here, in your browser, and check your exercise answers';
  where.append(' Or ', button);
  button.addEventListener('click', () => {
    button.disabled = true;
    button.textContent = 'Starting the runner…';
    import('./ui')
      .then(({ startRunner }) => startRunner(data, button))
      .catch((error: unknown) => {
        button.textContent = 'The runner did not load';
        console.error('trainlab: the page runner did not load:', error);
      });
  });
}
