/* mtcl report: draws the views from the JSON in #mtcl-data (see normalize/report/data.py) with Plotly.
   Views by the URL's fragment: #view=indicators | targets | decisions, #doc=<doc_id>&t=<target> (a decision with
   one value marked in its text). The filters drive the charts and both tables. */
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('mtcl-data').textContent);
  var D = DATA.decisions, T = DATA.targets;
  var IND = {};
  DATA.indicators.forEach(function (x, i) { x.order = i; IND[x.code] = x; });
  T.forEach(function (t, i) { t.id = i; });
  D.forEach(function (d, i) { d.i = i; });
  var NONE = '\u2205';           // filter value of a missing province, level, year or indicator code
  var MAX_ROWS = 2000;           // table rows drawn at once; the filters narrow the rest
  var CMP = { gt: '>', ge: '≥', lt: '<', le: '≤', eq: '=', between: '' };
  var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf',
    '#bcbd22', '#7f7f7f', '#393b79', '#ad494a', '#637939', '#e6550d', '#7b4173', '#3182bd', '#31a354',
    '#756bb1', '#636363', '#843c39'];
  var F = { province: '', level: '', place: '', year: '', indicator: '', type: '' };
  var MANY = 20;                 // places in one chart above which it draws points and the yearly median only
  var observer = null;

  // ---- small helpers --------------------------------------------------------------------------------------
  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function num(v) { return Number.isInteger(v) ? String(v) : String(+v.toPrecision(12)); }
  function unitOf(t) { return t.unit + (t.per ? '/' + t.per : ''); }
  function valueText(t) {
    var v = t.cmp === 'between' ? num(t.v) + '–' + num(t.vx) : CMP[t.cmp] + ' ' + num(t.v);
    return v + ' ' + unitOf(t);
  }
  function orNone(v) { return v == null || v === '' ? NONE : String(v); }
  function wrap(s, width) {  // hover lines of about `width` characters, cut at spaces
    var words = String(s).split(/\s+/), lines = [], line = '';
    words.forEach(function (w) {
      if (line && (line + ' ' + w).length > width) { lines.push(line); line = w; } else { line = line ? line + ' ' + w : w; }
    });
    if (line) lines.push(line);
    return lines.map(esc).join('<br>');
  }
  function docRef(d) {
    return [d.number ? 'số ' + d.number : null, d.date, d.type !== 'mtcl_decision' ? DATA.types[d.type] : null]
      .filter(Boolean).join(', ');
  }
  function indLabel(code) { return code ? (IND[code] ? IND[code].label : code) : '(chưa có mã chỉ số)'; }
  function pct(a, b) { return b ? Math.round(1000 * a / b) / 10 + ' %' : '–'; }

  var colors = {};
  Array.from(new Set(D.map(function (d) { return d.place; }))).sort(function (a, b) { return a.localeCompare(b, 'vi'); })
    .forEach(function (p, i) { colors[p] = PALETTE[i % PALETTE.length]; });

  // ---- filters ----------------------------------------------------------------------------------------------
  var FILTERS = [
    ['province', function (d) { return orNone(d.province); }, function (v) { return v; }],
    ['level', function (d) { return orNone(d.level); }, function (v) { return DATA.levels[v] || v; }],
    ['place', function (d) { return d.place; }, function (v) { return v; }],
    ['year', function (d) { return orNone(d.year); }, function (v) { return v; }],
    ['type', function (d) { return d.type; }, function (v) { return DATA.types[v] || v; }]
  ];
  function fillSelect(id, counts, label) {
    var sel = document.getElementById(id);
    var keys = Object.keys(counts).sort(function (a, b) {
      if (a === NONE) return 1;
      if (b === NONE) return -1;
      return label(a).localeCompare(label(b), 'vi', { numeric: true });
    });
    sel.innerHTML = '<option value="">Tất cả</option>' + keys.map(function (k) {
      return '<option value="' + esc(k) + '">' + esc(k === NONE ? '(không rõ)' : label(k)) + ' (' + counts[k] + ')</option>';
    }).join('');
  }
  FILTERS.forEach(function (f) {
    var counts = {};
    D.forEach(function (d) { var k = f[1](d); counts[k] = (counts[k] || 0) + 1; });
    fillSelect('f-' + f[0], counts, f[2]);
  });
  (function () {
    var counts = {};
    T.forEach(function (t) { var k = t.ind || NONE; counts[k] = (counts[k] || 0) + 1; });
    fillSelect('f-indicator', counts, indLabel);
    document.querySelector('#f-indicator option[value="' + NONE + '"]') &&
      (document.querySelector('#f-indicator option[value="' + NONE + '"]').textContent =
        '(chưa có mã chỉ số) (' + (counts[NONE] || 0) + ')');
  })();

  function docMatches(d) {
    return FILTERS.every(function (f) { return !F[f[0]] || f[1](d) === F[f[0]]; });
  }
  function targetMatches(t, docOk) {
    if (!docOk[t.d]) return false;
    return !F.indicator || (t.ind || NONE) === F.indicator;
  }
  function selection() {
    var docOk = D.map(docMatches);
    var targets = T.filter(function (t) { return targetMatches(t, docOk); });
    var withTarget = {};
    targets.forEach(function (t) { withTarget[t.d] = true; });
    var docs = D.filter(function (d, i) { return docOk[i] && (!F.indicator || withTarget[i]); });
    return { docs: docs, targets: targets };
  }

  // ---- summary ----------------------------------------------------------------------------------------------
  function coded(ts) { return ts.filter(function (t) { return t.ind; }).length; }
  function renderSummary(sel) {
    document.getElementById('summary').textContent =
      D.length + ' văn bản (đọc từ ' + DATA.files + ' tệp: bản DOCX, PDF, bản quét… của một văn bản được tính một lần) · ' +
      T.length + ' chỉ tiêu, ' + coded(T) + ' có mã chỉ số (' + pct(coded(T), T.length) + ')';
    var filtered = FILTERS.some(function (f) { return F[f[0]]; }) || F.indicator;
    document.getElementById('filter-count').textContent = filtered
      ? 'Đang lọc: ' + sel.docs.length + ' văn bản, ' + sel.targets.length + ' chỉ tiêu, ' + coded(sel.targets) +
        ' có mã chỉ số (' + pct(coded(sel.targets), sel.targets.length) + ')'
      : '';
  }

  // ---- charts -----------------------------------------------------------------------------------------------
  function symbol(t, extra) {
    var s = { ge: 'triangle-up', gt: 'triangle-up', le: 'triangle-down', lt: 'triangle-down', eq: 'circle',
      between: 'diamond' }[t.cmp];
    return extra ? s + '-open' : s;
  }
  function hover(t) {
    var d = D[t.d];
    return '<b>' + esc(d.place) + '</b> · ' + esc(d.year) + (docRef(d) ? ' · ' + esc(docRef(d)) : '') +
      '<br><b>' + esc(valueText(t)) + '</b> · ' + esc(t.ind) +
      '<br>' + wrap(t.metric, 80) + '<br><i>“' + wrap(t.text, 80) + '”</i>' +
      '<br><span style="font-size:11px">bấm để mở văn bản tại chỗ này</span>';
  }
  function shortValue(t) {  // the label beside a point: '≥ 95', '14–15'
    return t.cmp === 'between' ? num(t.v) + '–' + num(t.vx) : CMP[t.cmp] + ' ' + num(t.v);
  }
  function manyTraces(rows, places) {
    // one series of points (a line per place would be a tangle), and the median of each year as a grey line
    var step = 0.5 / Math.max(1, places.length - 1);
    var at = {};
    places.forEach(function (p, i) { at[p] = (i - (places.length - 1) / 2) * step; });
    var byYear = {};
    rows.forEach(function (t) { (byYear[D[t.d].year] = byYear[D[t.d].year] || []).push(t.v); });
    var years = Object.keys(byYear).map(Number).sort(function (a, b) { return a - b; });
    var median = years.map(function (y) {
      var v = byYear[y].slice().sort(function (a, b) { return a - b; }), m = v.length >> 1;
      return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
    });
    return [{
      type: 'scatter', mode: 'markers', name: places.length + ' địa phương', showlegend: false,
      x: rows.map(function (t) { return D[t.d].year + at[D[t.d].place]; }),
      y: rows.map(function (t) { return t.v; }),
      customdata: rows.map(function (t) { return [t.id, hover(t)]; }),
      hovertemplate: '%{customdata[1]}<extra></extra>',
      marker: { symbol: rows.map(function (t) { return symbol(t, false); }), size: 7, color: '#1f77b4', opacity: 0.55 }
    }, {
      type: 'scatter', mode: 'lines', name: 'trung vị', x: years, y: median,
      line: { color: '#555', width: 3 }, hovertemplate: 'trung vị %{x}: %{y}<extra></extra>'
    }];
  }
  function traces(rows, labels) {
    var places0 = Array.from(new Set(rows.map(function (t) { return D[t.d].place; })));
    if (places0.length > MANY) return manyTraces(rows, places0.sort(function (a, b) { return a.localeCompare(b, 'vi'); }));
    var series = {}, keys = [];
    rows.forEach(function (t) {
      var key = D[t.d].place + '\u0000' + t.k;
      if (!series[key]) { series[key] = { place: D[t.d].place, k: t.k, rows: [] }; keys.push(key); }
      series[key].rows.push(t);
    });
    keys.sort(function (a, b) {
      var x = series[a], y = series[b];
      return x.place.localeCompare(y.place, 'vi') || x.k - y.k;
    });
    // places side by side within a year, so that equal values of two places do not hide each other
    var places = Array.from(new Set(keys.map(function (k) { return series[k].place; })));
    var step = places.length > 1 ? Math.min(0.5, 0.08 * places.length) / (places.length - 1) : 0;
    // and a place's second (third…) target of the indicator beside its first, within a fifth of a year
    var maxK = Math.max.apply(null, keys.map(function (k) { return series[k].k; }));
    var kStep = maxK > 1 ? Math.min(0.12, 0.2 / (maxK - 1)) : 0;
    var firstK = {};  // the legend names a place once; its other series toggle with it
    keys.forEach(function (k) {
      var s = series[k];
      if (!(s.place in firstK) || s.k < firstK[s.place]) firstK[s.place] = s.k;
    });
    return keys.map(function (key) {
      var s = series[key], color = colors[s.place];
      var off = step * (places.indexOf(s.place) - (places.length - 1) / 2) + kStep * (s.k - 1);
      s.rows.sort(function (a, b) { return D[a.d].year - D[b.d].year; });
      var between = s.rows.some(function (t) { return t.cmp === 'between'; });
      return {
        type: 'scatter', mode: labels ? 'lines+markers+text' : 'lines+markers',
        name: s.k > 1 ? s.place + ' (' + s.k + ')' : s.place, showlegend: s.k === firstK[s.place],
        legendgroup: s.place, x: s.rows.map(function (t) { return D[t.d].year + off; }),
        y: s.rows.map(function (t) { return t.v; }),
        customdata: s.rows.map(function (t) { return [t.id, hover(t)]; }),
        hovertemplate: '%{customdata[1]}<extra></extra>',
        text: s.rows.map(shortValue), textposition: s.k > 1 ? 'bottom center' : 'middle right', cliponaxis: false,
        textfont: { size: 11, color: color },
        marker: { symbol: s.rows.map(function (t) { return symbol(t, s.k > 1); }), size: 11, color: color },
        line: { color: color, width: 2, dash: s.k > 1 ? 'dot' : 'solid' },
        error_y: { type: 'data', symmetric: false, visible: between, color: color, thickness: 2, width: 6,
          array: s.rows.map(function (t) { return t.vx != null ? t.vx - t.v : 0; }),
          arrayminus: s.rows.map(function () { return 0; }) }
      };
    });
  }
  function drawCharts(sel) {
    var box = document.getElementById('charts');
    Array.prototype.forEach.call(box.querySelectorAll('.plot'), function (el) { Plotly.purge(el); });
    box.innerHTML = '';
    var groups = {}, keys = [], years = [], noYear = 0, noCode = 0;
    sel.targets.forEach(function (t) {
      if (!t.ind) { noCode++; return; }
      var y = D[t.d].year;
      if (y == null) { noYear++; return; }
      years.push(y);
      var key = t.ind + '|' + unitOf(t);
      if (!groups[key]) { groups[key] = []; keys.push(key); }
      groups[key].push(t);
    });
    var notes = [];
    if (noCode) notes.push(noCode + ' chỉ tiêu chưa có mã chỉ số (không vẽ; xem Bảng chỉ tiêu, Chỉ số = “chưa có mã”)');
    if (noYear) notes.push(noYear + ' chỉ tiêu của văn bản không rõ năm (không vẽ; có trong Bảng chỉ tiêu)');
    if (!keys.length) notes.push('Không có chỉ tiêu nào có mã chỉ số và năm trong phần đã lọc.');
    document.getElementById('uncharted').textContent = notes.join(' · ');
    // the indicators that most places set first (the ones there is most to compare), then the vocabulary's order
    function placeCount(key) { return new Set(groups[key].map(function (t) { return D[t.d].place; })).size; }
    keys.sort(function (a, b) {
      var x = a.split('|'), y = b.split('|');
      return placeCount(b) - placeCount(a) ||
        ((IND[x[0]] || {}).order || 0) - ((IND[y[0]] || {}).order || 0) || x[1].localeCompare(y[1]);
    });
    var x0 = Math.min.apply(null, years), x1 = Math.max.apply(null, years);
    // a chart is drawn when it scrolls near the screen: an archive's page opens at once, whatever its charts hold
    if (observer) observer.disconnect();
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { observer.unobserve(e.target); drawCard(e.target, groups[e.target.dataset.key], x0, x1); }
      });
    }, { rootMargin: '300px' });
    keys.forEach(function (key) {
      var rows = groups[key], code = key.split('|')[0], unit = unitOf(rows[0]), ind = IND[code] || { label: code };
      var places = new Set(rows.map(function (t) { return D[t.d].place; }));
      var card = document.createElement('div');
      card.className = 'chart-card';
      card.dataset.key = key;
      card.innerHTML = '<h3>' + esc(ind.label) + '</h3><div class="sub">' + esc(code) + ' · đơn vị: ' + esc(unit) +
        ' · ' + rows.length + ' chỉ tiêu · ' + places.size + ' địa phương' + (places.size > MANY
          ? ' · mỗi điểm một chỉ tiêu, đường xám: trung vị theo năm; lọc theo tỉnh hoặc địa phương để vẽ đường của từng nơi'
          : '') + '</div><div class="plot"></div>';
      box.appendChild(card);
      observer.observe(card);
    });
    document.body.dataset.charts = String(keys.length);
  }
  function drawCard(card, rows, x0, x1) {
    var unit = unitOf(rows[0]);
    var maxV = Math.max.apply(null, rows.map(function (t) { return t.vx != null ? t.vx : t.v; }));
    var yaxis = { title: { text: 'Mục tiêu (' + unit + ')' }, rangemode: 'tozero', zeroline: true };
    if (unit === '%') yaxis.range = [0, Math.max(100, maxV) * 1.06];
    var layout = {
      margin: { l: 64, r: 8, t: 28, b: 44 }, hovermode: 'closest', hoverlabel: { align: 'left' },
      xaxis: { title: { text: 'Năm' }, range: [x0 - 0.6, x1 + 0.6], tickmode: 'linear', tick0: x0, dtick: 1,
        tickformat: 'd', zeroline: false },
      yaxis: yaxis, legend: { font: { size: 11 }, orientation: 'h', y: -0.22, yanchor: 'top' }, showlegend: true
    };
    var plot = card.querySelector('.plot');
    // values written beside the points while they are few enough not to overlap
    var perYear = {};
    rows.forEach(function (t) { perYear[D[t.d].year] = (perYear[D[t.d].year] || 0) + 1; });
    var crowded = Math.max.apply(null, Object.keys(perYear).map(function (y) { return perYear[y]; })) > 3;
    Plotly.newPlot(plot, traces(rows, rows.length <= 12 && !crowded), layout, { displaylogo: false, responsive: true,
      modeBarButtonsToRemove: ['select2d', 'lasso2d'] }).then(function () {
      plot.on('plotly_click', function (ev) {
        var p = ev.points && ev.points[0];
        if (p && p.customdata) openTarget(p.customdata[0]);
      });
      card.dataset.drawn = '1';
    });
  }

  // ---- tables -----------------------------------------------------------------------------------------------
  function targetLink(t) { return '#doc=' + D[t.d].id + '&t=' + t.id; }
  function renderTargets(sel) {
    var rows = sel.targets.slice().sort(function (a, b) {
      var x = D[a.d], y = D[b.d];
      return x.place.localeCompare(y.place, 'vi') || (x.year || 0) - (y.year || 0) || a.id - b.id;
    });
    document.querySelector('#targets-table tbody').innerHTML = rows.slice(0, MAX_ROWS).map(function (t) {
      var d = D[t.d];
      return '<tr data-t="' + t.id + '"><td>' + esc(d.place) + '</td><td>' + esc(d.year) + '</td><td>' +
        esc(indLabel(t.ind)) + (t.ind ? ' <span class="muted">' + esc(t.ind) + '</span>' : '') + '</td><td>' +
        esc(t.metric) + '</td><td class="num"><a class="value" href="' + targetLink(t) + '">' + esc(valueText(t)) +
        '</a></td><td>' + esc(t.page) + '</td></tr>';
    }).join('');
    document.getElementById('targets-more').textContent = rows.length > MAX_ROWS
      ? MAX_ROWS + ' dòng đầu trên ' + rows.length + ': lọc để xem phần còn lại' : rows.length + ' chỉ tiêu';
  }
  function renderDecisions(sel) {
    var docs = sel.docs.slice().sort(function (a, b) {
      return a.place.localeCompare(b.place, 'vi') || (a.year || 0) - (b.year || 0);
    });
    var counts = {};
    T.forEach(function (t) {
      var c = counts[t.d] || (counts[t.d] = [0, 0]);
      c[0]++;
      if (t.ind) c[1]++;
    });
    document.querySelector('#decisions-table tbody').innerHTML = docs.slice(0, MAX_ROWS).map(function (d) {
      var c = counts[d.i] || [0, 0];
      return '<tr data-doc="' + d.id + '"><td><a href="#doc=' + d.id + '">' + esc(d.place) + '</a></td><td>' +
        esc(DATA.levels[d.level] || '') + '</td><td>' + esc(d.province) + '</td><td>' + esc(d.year) + '</td><td>' +
        esc(DATA.types[d.type]) + '</td><td>' + esc(d.number) + '</td><td>' + esc(d.date) + '</td><td class="num">' +
        d.objectives + '</td><td class="num">' + c[0] + '</td><td class="num">' + pct(c[1], c[0]) +
        '</td><td class="num" title="' + esc(d.files.map(function (f) { return f[0]; }).join('\n')) + '">' +
        d.files.length + '</td><td class="num">' + d.warnings + '</td></tr>';
    }).join('');
    document.getElementById('decisions-more').textContent = docs.length > MAX_ROWS
      ? MAX_ROWS + ' dòng đầu trên ' + docs.length + ': lọc để xem phần còn lại' : docs.length + ' văn bản';
  }

  // ---- one decision -----------------------------------------------------------------------------------------
  function taskTable(tasks) {
    if (!tasks.length) return '';
    return '<details class="tasks"><summary>' + tasks.length + ' nhiệm vụ</summary><table class="grid"><thead><tr>' +
      '<th>STT</th><th>Nội dung</th><th>Chủ trì</th><th>Phối hợp</th><th>Thời gian</th><th>Kết quả</th></tr></thead>' +
      '<tbody>' + tasks.map(function (k) {
        return '<tr><td>' + esc(k[0]) + '</td><td>' + (k[1] ? '<span class="muted">' + esc(k[1]) + '</span><br>' : '') +
          esc(k[2]) + '</td><td>' + esc(k[3]) + '</td><td>' + esc(k[4]) + '</td><td>' + esc(k[5]) + '</td><td>' +
          esc(k[6]) + '</td></tr>';
      }).join('') + '</tbody></table></details>';
  }
  function chip(t) {
    return '<button type="button" class="tchip" id="chip-' + t.id + '" data-t="' + t.id + '"><b>' +
      esc(valueText(t)) + '</b> ' + esc(t.metric) + ' <span class="muted">· ' + esc(indLabel(t.ind)) +
      (t.page ? ' · trang ' + t.page : '') + '</span></button>';
  }
  function renderText(x, id) {
    var box = document.getElementById('doc-text');
    box.textContent = '';
    if (x.text == null) {
      box.innerHTML = '<p class="muted">Không có văn bản đã trích của quyết định này: nó được trích bởi một phiên bản ' +
        'mtcl chưa lưu văn bản (chạy lại <code>mtcl extract --force</code>).</p>';
      return;
    }
    var frag = document.createDocumentFragment(), placed = {};
    if (x.text_mode === 'excerpts') {
      var note = document.createElement('p');
      note.className = 'muted';
      note.textContent = 'Báo cáo của một kho lớn chỉ mang các đoạn quanh mỗi giá trị; văn bản đầy đủ: ' +
        'OUT/text/' + id + '.txt';
      frag.appendChild(note);
    }
    x.text.forEach(function (p) {
      if (p === null) {
        var cut = document.createElement('span');
        cut.className = 'cut';
        cut.textContent = '…';
        frag.appendChild(cut);
      } else if (typeof p === 'string') {
        frag.appendChild(document.createTextNode(p));
      } else {
        var m = document.createElement('mark'), keys = p[1];
        m.textContent = p[0];
        var tids = keys.filter(function (k) { return k[0] === 't'; }).map(function (k) { return +k.slice(1); });
        if (!tids.length) {
          m.className = 'field';
          m.title = keys.map(function (k) { return DATA.fields[k.slice(2)] || k.slice(2); }).join(', ');
        } else {
          m.dataset.t = tids.join(' ');
          m.title = tids.map(function (i) { return valueText(T[i]) + ' · ' + indLabel(T[i].ind); }).join('\n');
          tids.forEach(function (i) { if (!placed[i]) { placed[i] = true; m.id = m.id || 'src-' + i; } });
        }
        frag.appendChild(m);
      }
    });
    box.appendChild(frag);
  }
  function detail(d) {  // a decision's objectives, tasks and text (gzip, base64): unpacked only when it is opened
    var b64 = atob(document.getElementById('d-' + d.id).textContent), bytes = new Uint8Array(b64.length);
    for (var i = 0; i < b64.length; i++) bytes[i] = b64.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }
  function renderDoc(d, x) {
    var rows = [['Loại', DATA.types[d.type]], ['Cơ quan ban hành', d.issuer],
      ['Địa phương', [d.locality, DATA.levels[d.level], d.province].filter(Boolean).join(' · ')],
      ['Số', d.number], ['Ngày ban hành', d.date], ['Năm của mục tiêu', d.year], ['Người ký', x.signer],
      ['Trích yếu', x.title]];
    var html = '<p><a href="javascript:history.back()">← quay lại</a></p><h2>' + esc(d.issuer || d.place) +
      (d.year ? ', ' + d.year : '') + '</h2><dl>' + rows.filter(function (r) { return r[1] != null && r[1] !== ''; })
      .map(function (r) { return '<dt>' + esc(r[0]) + '</dt><dd>' + esc(r[1]) + '</dd>'; }).join('') +
      '<dt>Tệp</dt><dd><ul class="files">' + d.files.map(function (f, i) {
        return '<li>' + esc(f[0]) + ' <span class="muted">(' + esc(f[1]) + (i === 0 ? ', bản được hiển thị' : '') +
          (f[2] ? ', ' + esc(f[2]) : '') + ')</span></li>';
      }).join('') + '</ul></dd></dl>';
    html += '<h3>Mục tiêu (' + x.objectives.length + ')</h3>' + x.objectives.map(function (o) {
      return '<div class="objective"><p><b>Mục tiêu ' + esc(o.number || o.id) + '.</b> ' + esc(o.text) + '</p>' +
        (o.measurement ? '<p class="muted">Đo lường: ' + esc(o.measurement) + '</p>' : '') +
        o.targets.map(function (i) { return chip(T[i]); }).join('') + taskTable(o.tasks) + '</div>';
    }).join('');
    if (x.plan.length) html += '<h3>Nhiệm vụ của kế hoạch</h3>' + taskTable(x.plan);
    html += '<h3>Cảnh báo (' + x.warnings.length + ')</h3><ul>' + x.warnings.map(function (w) {
      return '<li class="warn"><b>' + esc(w[0]) + '</b>: ' + esc(w[1]) + '</li>';
    }).join('') + '</ul>';
    document.getElementById('doc-info').innerHTML = html;
    renderText(x, d.id);
  }
  function mark(id, cls) {
    Array.prototype.forEach.call(document.querySelectorAll('.' + cls), function (e) { e.classList.remove(cls); });
    var el = document.getElementById(id);
    if (el) { el.classList.add(cls); el.scrollIntoView({ block: 'center' }); }
    return el;
  }
  function focusTarget(tid) {
    mark('chip-' + tid, 'current');
    var src = document.getElementById('src-' + tid);
    Array.prototype.forEach.call(document.querySelectorAll('mark.current'), function (e) { e.classList.remove('current'); });
    if (src) { src.classList.add('current'); src.scrollIntoView({ block: 'center' }); }
  }
  document.getElementById('doc-info').addEventListener('click', function (ev) {
    var c = ev.target.closest('.tchip');
    if (c) focusTarget(+c.dataset.t);
  });
  document.getElementById('doc-text').addEventListener('click', function (ev) {
    var m = ev.target.closest('mark[data-t]');
    if (m) {
      var tid = +m.dataset.t.split(' ')[0];
      Array.prototype.forEach.call(document.querySelectorAll('mark.current'), function (e) { e.classList.remove('current'); });
      m.classList.add('current');
      mark('chip-' + tid, 'current');
    }
  });
  function openTarget(tid) { location.hash = targetLink(T[tid]).slice(1); }

  // ---- views ------------------------------------------------------------------------------------------------
  function show(view) {
    Array.prototype.forEach.call(document.querySelectorAll('.view'), function (v) {
      v.classList.toggle('active', v.id === 'view-' + view);
    });
    Array.prototype.forEach.call(document.querySelectorAll('#tabs a'), function (a) {
      a.classList.toggle('active', a.dataset.view === view);
    });
    document.getElementById('filters').style.display = view === 'doc' ? 'none' : '';
    document.body.dataset.view = view;
  }
  function route() {
    var h = new URLSearchParams(location.hash.slice(1));
    var id = h.get('doc');
    if (id) {
      var d = D.filter(function (x) { return x.id === id; })[0];
      if (d) {
        var asked = location.hash;
        detail(d).then(function (x) {
          if (location.hash !== asked) return;  // another view was asked for meanwhile
          show('doc');
          renderDoc(d, x);
          var t = T[+h.get('t')];
          if (h.get('t') !== null && t && D[t.d] === d) focusTarget(t.id); else window.scrollTo(0, 0);
        });
        return;
      }
    }
    show(['indicators', 'targets', 'decisions'].indexOf(h.get('view')) >= 0 ? h.get('view') : 'indicators');
  }
  function update() {
    var sel = selection();
    renderSummary(sel);
    renderTargets(sel);
    renderDecisions(sel);
    drawCharts(sel);  // the cards; each chart draws when its card comes into sight
  }
  Object.keys(F).forEach(function (k) {
    document.getElementById('f-' + k).addEventListener('change', function (ev) { F[k] = ev.target.value; update(); });
  });
  document.getElementById('f-reset').addEventListener('click', function () {
    Object.keys(F).forEach(function (k) { F[k] = ''; document.getElementById('f-' + k).value = ''; });
    update();
  });
  window.addEventListener('hashchange', route);
  update();
  route();
})();
