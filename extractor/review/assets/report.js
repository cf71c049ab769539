/* The review report's page script: documents table (sort, filter, search, pages) and the
   document view, whose details are decompressed from embedded gzip chunks on demand.
   No network: everything it reads is in this file. */
(function () {
  'use strict';
  var PAGE = 50;
  var SEV = { error: ['✖', '错误'], warning: ['▲', '警告'], info: ['●', '提示'] };
  var MET = { met: ['✔', '达成'], unmet: ['✖', '未达成'], unjudged: ['－', '无法判断'] };
  var meta = JSON.parse(document.getElementById('meta').textContent);
  var rows = [];
  var shown = [];
  var chunks = {};
  var state = { key: 'w', dir: 1, page: 0 };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') { node.textContent = attrs[k]; } else if (k === 'cls') { node.className = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
      });
    }
    (children || []).forEach(function (c) { if (c != null) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
    return node;
  }

  function gunzip(b64) {
    var bin = atob(b64.trim());
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }

  function setStatus(text, isError) {
    var box = document.getElementById('status');
    box.textContent = text;
    box.className = isError ? 'alert' : '';
    if (isError) { box.setAttribute('role', 'alert'); }
  }

  /* ---------- documents table ---------- */
  function codeName(code) { return meta.codes[code] || code; }

  function prepare(data) {
    rows = data;
    rows.forEach(function (r, pos) {
      r.w = pos;
      var words = [r.n, r.p, r.t, r.r, r.fn, r.y, r.ec, r.em].concat(r.c, r.c.map(codeName));
      r.h = words.filter(function (w) { return w != null && w !== ''; }).join(' ').toLowerCase();
    });
    fillSelect('f-region', unique('r'));
    fillSelect('f-year', unique('y'));
    fillSelect('f-fund', unique('fn'));
    var codes = {};
    rows.forEach(function (r) { r.c.forEach(function (c) { codes[c] = (codes[c] || 0) + 1; }); if (r.ec) { codes['error:' + r.ec] = (codes['error:' + r.ec] || 0) + 1; } });
    var select = document.getElementById('f-code');
    Object.keys(codes).sort().forEach(function (c) {
      var label = c.indexOf('error:') === 0 ? '读取失败：' + c.slice(6) : codeName(c) + '（' + c + '）';
      select.appendChild(el('option', { value: c, text: label + ' · ' + codes[c] + ' 份' }));
    });
  }

  function unique(key) {
    var seen = {};
    rows.forEach(function (r) { if (r[key] != null && r[key] !== '') { seen[r[key]] = true; } });
    return Object.keys(seen).sort(function (a, b) { return a.localeCompare(b, 'zh-CN'); });
  }

  function fillSelect(id, values) {
    var select = document.getElementById(id);
    values.forEach(function (v) { select.appendChild(el('option', { value: v, text: v })); });
  }

  function value(id) { return document.getElementById(id).value; }

  function applyFilters() {
    var q = value('f-q').trim().toLowerCase();
    var region = value('f-region'), year = value('f-year'), fund = value('f-fund'), code = value('f-code'), status = value('f-status');
    var copies = document.getElementById('f-copies').checked;
    shown = rows.filter(function (r) {
      if (r.cp != null && !copies) { return false; }
      if (region && r.r !== region) { return false; }
      if (year && String(r.y) !== year) { return false; }
      if (fund && r.fn !== fund) { return false; }
      if (status && r.s !== status) { return false; }
      if (code) {
        if (code.indexOf('error:') === 0) { if (r.ec !== code.slice(6)) { return false; } } else if (r.c.indexOf(code) < 0) { return false; }
      }
      return !q || q.split(/\s+/).every(function (part) { return r.h.indexOf(part) >= 0; });
    });
    sortRows();
    state.page = 0;
    render();
  }

  function sortRows() {
    var key = state.key, dir = state.dir;
    shown.sort(function (a, b) {
      var x = a[key], y = b[key];
      var nx = x == null || x === '', ny = y == null || y === '';
      if (nx || ny) { return nx === ny ? a.w - b.w : (nx ? 1 : -1); }
      var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
      return c !== 0 ? c * dir : a.w - b.w;
    });
  }

  function severityCell(r) {
    if (r.s === 'error') {
      return el('td', {}, [el('span', { cls: 'sev sev-word-error', text: '✖ 读取失败' }), el('div', { cls: 'title', text: r.ec + '：' + (r.em || '') })]);
    }
    var td = el('td', {});
    [['error', r.ne], ['warning', r.nw], ['info', r.ni]].forEach(function (p, k) {
      if (k) { td.appendChild(document.createTextNode(' / ')); }
      td.appendChild(el('span', { cls: p[1] ? 'sev sev-word-' + p[0] : '', title: SEV[p[0]][1], text: SEV[p[0]][0] + ' ' + p[1] + ' ' + SEV[p[0]][1] }));
    });
    return td;
  }

  function render() {
    var body = document.querySelector('#doc-table tbody');
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    var slice = shown.slice(state.page * PAGE, (state.page + 1) * PAGE);
    var fragment = document.createDocumentFragment();
    slice.forEach(function (r) {
      var link = el('a', { href: '#doc/' + r.i, text: r.n });
      var note = r.nc ? el('div', { cls: 'note', text: '另有 ' + r.nc + ' 个副本（计为一份报告）' })
        : (r.cp != null ? el('div', { cls: 'note', text: '副本：报告已按主副本计' }) : null);
      var tr = el('tr', { 'data-i': r.i, cls: r.s === 'error' ? 'failed' : (r.cp != null ? 'copy' : '') }, [
        el('td', { cls: 'path' }, [link, r.t ? el('div', { cls: 'title', text: r.t }) : null, note]),
        el('td', { text: r.r || '' }), el('td', { text: r.y == null ? '' : String(r.y) }), el('td', { text: r.fn || '' }),
        el('td', { cls: 'num', text: r.b || '' }), el('td', { cls: 'num', text: r.x || '' }),
        el('td', { cls: 'num', text: r.sr || '' }), el('td', { cls: 'num', text: r.cr || '' }), severityCell(r)
      ]);
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    document.getElementById('count').textContent = '共 ' + meta.reports + ' 份报告、' + rows.length + ' 份文档，符合条件 ' + shown.length + ' 份';
    document.getElementById('p-info').textContent = '第 ' + (state.page + 1) + ' / ' + pages + ' 页';
    document.getElementById('p-prev').disabled = state.page === 0;
    document.getElementById('p-next').disabled = state.page >= pages - 1;
    document.querySelectorAll('#doc-table th').forEach(function (th) {
      if (th.dataset.key === state.key) { th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending'); } else { th.removeAttribute('aria-sort'); }
    });
  }

  function bindTable() {
    document.querySelectorAll('#doc-table th button').forEach(function (button) {
      button.addEventListener('click', function () {
        var key = button.parentNode.dataset.key;
        if (state.key === key) { state.dir = -state.dir; } else { state.key = key; state.dir = key === 'w' || key === 'n' || key === 'r' || key === 'fn' ? 1 : -1; }
        sortRows(); state.page = 0; render();
      });
    });
    ['f-region', 'f-year', 'f-fund', 'f-code', 'f-status', 'f-copies'].forEach(function (id) { document.getElementById(id).addEventListener('change', applyFilters); });
    document.getElementById('f-q').addEventListener('input', applyFilters);
    document.getElementById('f-reset').addEventListener('click', function () {
      ['f-q', 'f-region', 'f-year', 'f-fund', 'f-code', 'f-status'].forEach(function (id) { document.getElementById(id).value = ''; });
      document.getElementById('f-copies').checked = false;
      state.key = 'w'; state.dir = 1; applyFilters();
    });
    document.getElementById('p-prev').addEventListener('click', function () { state.page -= 1; render(); });
    document.getElementById('p-next').addEventListener('click', function () { state.page += 1; render(); });
  }

  /* ---------- document view ---------- */
  function loadDetail(i) {
    var k = Math.floor(i / meta.chunk);
    if (!chunks[k]) {
      var node = document.getElementById('ch-' + k);
      chunks[k] = node ? gunzip(node.textContent) : Promise.reject(new Error('缺少数据块 ' + k));
    }
    return chunks[k].then(function (list) { return list[i - k * meta.chunk]; });
  }

  function pageImages(i) {
    var node = document.getElementById('pg-' + i);
    return node ? JSON.parse(node.textContent) : {};
  }

  function facts(pairs) {
    var dl = el('dl', { cls: 'facts' });
    pairs.forEach(function (p) { if (p[1] != null && p[1] !== '') { dl.appendChild(el('dt', { text: p[0] })); dl.appendChild(el('dd', { text: String(p[1]) })); } });
    return dl;
  }

  function segments(node, segs) {
    segs.forEach(function (s) { node.appendChild(s[1] ? el('mark', { text: s[0] }) : document.createTextNode(s[0])); });
    return node;
  }

  function quoteNode(q, images) {
    var box = el('div', { cls: 'quote-box' }, [el('div', { cls: 'place', text: '位置：' + q.place })]);
    if (q.rows) {
      var body = el('tbody');
      q.rows.forEach(function (cells) {
        var tr = el('tr');
        cells.forEach(function (c) { tr.appendChild(segments(el('td', { cls: c.hit ? 'hit' : '', colspan: c.span }), c.segs)); });
        body.appendChild(tr);
      });
      box.appendChild(el('table', { cls: 'data rowquote' }, [el('caption', { cls: 'sr-only', text: '证据所在的表格行' }), body]));
    } else {
      var bq = segments(el('blockquote', { cls: 'quote' }), q.segs);
      if (q.bare) { bq.appendChild(el('span', { cls: 'place', text: '（原文件不可用，仅显示证据文字）' })); }
      box.appendChild(bq);
    }
    var byPage = {};
    q.boxes.forEach(function (b) { (byPage[b.page] = byPage[b.page] || []).push(b.bbox); });
    Object.keys(byPage).forEach(function (page) {
      var img = images[page];
      if (!img) { return; }
      var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('viewBox', '0 0 ' + img.w + ' ' + img.h);
      svg.setAttribute('preserveAspectRatio', 'none');
      svg.setAttribute('aria-hidden', 'true');
      byPage[page].forEach(function (b) {
        var pad = 2, rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
        rect.setAttribute('x', b[0] - pad); rect.setAttribute('y', b[1] - pad);
        rect.setAttribute('width', b[2] - b[0] + 2 * pad); rect.setAttribute('height', b[3] - b[1] + 2 * pad);
        svg.appendChild(rect);
      });
      var frame = el('div', { cls: 'frame' }, [el('img', { src: img.src, alt: 'PDF 第' + page + '页', width: Math.round(img.w * 1.3), height: Math.round(img.h * 1.3) }), svg]);
      box.appendChild(el('figure', { cls: 'pageimg' }, [frame, el('figcaption', { cls: 'place', text: 'PDF 第' + page + '页，红框为证据位置' })]));
    });
    return box;
  }

  function findingNode(f, images) {
    var sev = SEV[f.severity] || ['', f.severity];
    var node = el('section', { cls: 'finding ' + f.severity, 'data-code': f.code }, [
      el('h4', {}, [el('span', { cls: 'sev sev-word-' + f.severity, text: sev[0] + ' ' + sev[1] }), ' ', f.name + ' ', el('span', { cls: 'code', text: f.code })]),
      el('p', { cls: 'message', text: f.message }),
      facts([['文中数字', f.stated], ['重新计算', f.computed]])
    ]);
    f.quotes.forEach(function (q) { node.appendChild(quoteNode(q, images)); });
    return node;
  }

  function table(caption, head, body, numeric) {
    var thead = el('thead', {}, [el('tr', {}, head.map(function (h) { return el('th', { scope: 'col', text: h }); }))]);
    var tbody = el('tbody');
    body.forEach(function (cells) {
      tbody.appendChild(el('tr', {}, cells.map(function (c, k) {
        if (c instanceof Node) { return el('td', {}, [c]); }
        return el(k === 0 ? 'th' : 'td', { scope: k === 0 ? 'row' : null, cls: numeric.indexOf(k) >= 0 ? 'num' : '', text: c == null ? '' : String(c) });
      })));
    });
    return el('table', { cls: 'data' }, [el('caption', { text: caption }), thead, tbody]);
  }

  function renderDoc(d) {
    var doc = document.getElementById('doc');
    var report = d.report || {};
    var parts = [el('h2', { text: report.title || d.path.split(/[\\/]/).pop() })];
    parts.push(facts([['文件', d.path], ['格式', d.format], ['页数', d.pages], ['地区', report.region], ['年度', report.fiscal_year], ['资金名称', report.fund_name], ['SHA-256', d.sha256]]));
    if (d.error) {
      parts.push(el('div', { cls: 'alert', role: 'alert' }, [el('strong', { text: '✖ 读取失败：' }), d.error.code + ' ' + (meta.errors[d.error.code] || ''), el('p', { text: d.error.message || '' })]));
      doc.replaceChildren.apply(doc, parts);
      return;
    }
    var images = pageImages(d.i);
    if (d.copy_of) {
      parts.push(el('p', { cls: 'note', id: 'copy-of' }, ['本文档是同一报告的副本，报告按主副本计：',
        el('a', { href: '#doc/' + d.copy_of[0], text: d.copy_of[1] }), '（' + d.copy_of[2] + '）']));
    }
    if (d.copies && d.copies.length) {
      parts.push(el('h3', { text: '同一报告的其他副本（' + d.copies.length + ' 份）' }));
      parts.push(el('ul', { id: 'copies' }, d.copies.map(function (c) {
        return el('li', {}, [el('a', { href: '#doc/' + c[0], text: c[1] }), '（' + c[2] + '）']);
      })));
    }
    parts.push(el('h3', { text: '发现的问题（' + d.findings.length + ' 条）' }));
    if (!d.findings.length) { parts.push(el('p', { text: '未发现问题。' })); }
    d.findings.forEach(function (f) { parts.push(findingNode(f, images)); });
    if (!d.context && d.findings.length) { parts.push(el('p', { cls: 'note', text: '原文件不在原处或已改变，证据只显示抽取的文字。' })); }
    if (d.funds.length) {
      parts.push(table('资金情况（文中所写）', ['资金', '年初预算数', '全年预算数', '全年执行数', '文中执行率', '重算执行率'], d.funds, [1, 2, 3, 4, 5]));
    }
    if (d.score) {
      parts.push(facts([['执行率分值', d.score.execution_max], ['执行率得分', d.score.execution_score], ['总分值', d.score.total_max], ['总得分', d.score.total], ['自评等级', d.score.grade]]));
    }
    var ind = d.indicators.map(function (r) {
      var m = MET[r[5]];
      return [r[2], r[0], r[1], r[3], r[4], el('span', { cls: 'met-' + r[5], text: m[0] + ' ' + m[1] }), r[7], r[8], r[9], r[6], r[10]];
    });
    parts.push(table('绩效指标（' + ind.length + ' 项）', ['三级指标', '一级指标', '二级指标', '指标值', '实际完成值', '是否达成', '完成率', '分值', '得分', '未完成原因', '位置'], ind, [7, 8]));
    if (d.warnings.length) {
      parts.push(el('h3', { text: '抽取提示' }));
      parts.push(el('ul', {}, d.warnings.map(function (w) { return el('li', { text: w[1] + '（' + w[0] + '）' }); })));
    }
    doc.replaceChildren.apply(doc, parts);
  }

  function route() {
    var match = /^#doc\/(\d+)$/.exec(location.hash);
    var list = document.getElementById('view-list'), view = document.getElementById('view-doc');
    if (!match) {
      list.hidden = false; view.hidden = true; document.documentElement.dataset.view = 'list';
      return Promise.resolve();
    }
    list.hidden = true; view.hidden = false;
    document.documentElement.dataset.view = 'loading';
    return loadDetail(Number(match[1])).then(function (d) {
      if (!d) { throw new Error('找不到文档 ' + match[1]); }
      renderDoc(d);
      window.scrollTo(0, 0);
      document.documentElement.dataset.view = 'doc';
    });
  }

  function fail(error) {
    setStatus('报告加载出错：' + error.message, true);
    console.error(error);
  }

  window.addEventListener('hashchange', function () { route().catch(fail); });
  bindTable();
  gunzip(document.getElementById('rows').textContent).then(function (data) {
    prepare(data);
    applyFilters();
    if (meta.single && !location.hash) { location.replace('#doc/0'); }
    return route();
  }).then(function () {
    document.documentElement.dataset.ready = '1';
  }).catch(fail);
}());
