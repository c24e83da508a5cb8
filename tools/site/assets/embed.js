// Makes each chart on the page interactive with vega-embed, served from this site (assets/vendor).
// Until it is ready, and for good if anything fails, the container keeps the chart's SVG drawn
// at build time: a reader always sees the chart.
/* global vegaEmbed */
(function () {
  'use strict';
  if (typeof vegaEmbed !== 'function') return;

  // trainlab charts carry their data inline: refuse every load, so a chart never fetches anything.
  function refuse(uri) {
    return Promise.reject(new Error('trainlab charts load no data, refused: ' + uri));
  }
  var loader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };
  var options = {
    renderer: 'svg',
    ast: true, // expressions through vega's interpreter, no eval: the page's CSP forbids it
    loader: loader,
    // Export as PNG/SVG stays; no "open in the online editor" (it would leave the site).
    actions: { export: true, source: false, compiled: false, editor: false },
  };

  // vega-embed's export menu sits in a margin this wide to the right of the chart (site.css).
  var MENU_PX = 38;
  // A chart wider than the column (a 480 px plot beside a long legend, "train (mean of 2 steps)")
  // gets a narrower plot area once drawn, so its legend stays in view rather than behind a
  // horizontal scroll. (A concat, e.g. the training report, has no single plot width: left alone.)
  function fitColumn(view, container) {
    var svg = container.querySelector('svg');
    var over = svg ? svg.getBoundingClientRect().width - (container.clientWidth - MENU_PX) : 0;
    var width = view.width();
    if (over > 0 && width > 200) return view.width(Math.max(200, width - Math.ceil(over))).runAsync();
    return undefined;
  }

  document.querySelectorAll('.vega-chart[data-spec]').forEach(function (container) {
    var data = document.getElementById(container.getAttribute('data-spec'));
    if (!data) return;
    var target = document.createElement('div');
    vegaEmbed(target, JSON.parse(data.textContent), options)
      .then(function (result) {
        container.replaceChildren(target);
        container.classList.add('interactive');
        return fitColumn(result.view, container);
      })
      .catch(function (error) {
        console.error('trainlab: chart ' + container.getAttribute('data-spec') + ' stays a static picture:', error);
      });
  });
})();
