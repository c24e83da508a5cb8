// The search box in every page's header. On first use it loads the MiniSearch browser build and
// search-index.json, both served by this site (tools/site/search-index.ts builds the index), then
// lists the sections that match what is typed, each linking to its heading. Results are built with
// DOM nodes and textContent only: nothing from the index is parsed as HTML.
/* global MiniSearch */
(function () {
  'use strict';
  var FORMAT = 1; // SEARCH_FORMAT in search-index.ts
  var MAX_RESULTS = 8;
  var box = document.querySelector('.site-search');
  if (!box || typeof fetch !== 'function' || typeof Promise !== 'function') return;
  var input = box.querySelector('input');
  var panel = box.querySelector('.search-panel');
  var status = box.querySelector('.search-status');
  var list = box.querySelector('.search-results');
  box.hidden = false;

  var loading; // a promise of the search function, made once
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error('could not load ' + src)); };
      document.head.appendChild(script);
    });
  }
  function load() {
    if (!loading) {
      var library = typeof MiniSearch === 'function' ? Promise.resolve() : loadScript(input.getAttribute('data-library'));
      var index = fetch(input.getAttribute('data-index')).then(function (response) {
        if (!response.ok) throw new Error('the search index answered HTTP ' + response.status);
        return response.json();
      });
      loading = Promise.all([library, index]).then(function (parts) {
        var data = parts[1];
        if (data.format !== FORMAT) throw new Error('the search index has format ' + data.format + ', this page expects ' + FORMAT);
        var search = MiniSearch.loadJS(data.index, data.options);
        return function (query) { return search.search(query, data.query); };
      });
    }
    return loading;
  }

  function open(isOpen) {
    panel.hidden = !isOpen;
    input.setAttribute('aria-expanded', String(isOpen));
  }

  /** `text` as nodes, the matched terms (lower case, as indexed) wrapped in <mark>. */
  function marked(text, terms) {
    var fragment = document.createDocumentFragment();
    var words = terms.filter(Boolean).map(function (term) { return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
    if (words.length === 0) {
      fragment.appendChild(document.createTextNode(text));
      return fragment;
    }
    var pattern = new RegExp('(' + words.join('|') + ')', 'gi');
    text.split(pattern).forEach(function (part, i) {
      if (i % 2 === 1) {
        var mark = document.createElement('mark');
        mark.textContent = part;
        fragment.appendChild(mark);
      } else if (part) {
        fragment.appendChild(document.createTextNode(part));
      }
    });
    return fragment;
  }

  function show(results, query) {
    list.replaceChildren();
    results.slice(0, MAX_RESULTS).forEach(function (hit) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = hit.url;
      var heading = document.createElement('span');
      heading.className = 'search-heading';
      heading.appendChild(marked(hit.heading, hit.terms));
      var page = document.createElement('span');
      page.className = 'search-page';
      page.textContent = hit.page;
      link.append(heading, page);
      if (hit.excerpt) {
        var excerpt = document.createElement('span');
        excerpt.className = 'search-excerpt';
        excerpt.appendChild(marked(hit.excerpt, hit.terms));
        link.appendChild(excerpt);
      }
      item.appendChild(link);
      list.appendChild(item);
    });
    var more = results.length > MAX_RESULTS ? ' (the first ' + MAX_RESULTS + ' shown)' : '';
    status.textContent = results.length === 0 ? 'Nothing matches “' + query + '”.'
      : results.length + (results.length === 1 ? ' section matches' : ' sections match') + more + '.';
    open(true);
  }

  function update() {
    var query = input.value.trim();
    if (!query) {
      open(false);
      return;
    }
    load().then(function (search) {
      if (input.value.trim() === query) show(search(query), query);
    }, function (error) {
      list.replaceChildren();
      status.textContent = 'Search is not available here (' + error.message + '). It needs the site served over HTTP: npm start.';
      open(true);
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll('a'));
  }

  input.addEventListener('focus', function () { load().catch(function () {}); }, { once: true });
  input.addEventListener('input', update);
  input.addEventListener('keydown', function (event) {
    var first = links()[0];
    if (event.key === 'Enter' && first) {
      event.preventDefault();
      first.click();
    } else if (event.key === 'ArrowDown' && first) {
      event.preventDefault();
      first.focus();
    } else if (event.key === 'Escape') {
      input.value = '';
      open(false);
    }
  });
  list.addEventListener('keydown', function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === 'ArrowDown' && at < all.length - 1) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    } else if (event.key === 'Escape') {
      open(false);
      input.focus();
    }
  });
  list.addEventListener('click', function () { open(false); }); // a result on this page only scrolls: close the panel
  document.addEventListener('click', function (event) {
    if (!box.contains(event.target)) open(false);
  });
  input.addEventListener('focus', function () {
    if (input.value.trim()) update();
  });
})();
