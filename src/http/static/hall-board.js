/* global document, URLSearchParams, location, fetch, setInterval, setTimeout */
// 叫号大屏：每 3 秒读取 /api/v1/public/hall/board?unitId=…（只有号码与窗口，没有个人信息）。地址：/hall/board?unit=接待厅单位编号
(function () {
  'use strict';
  var unit = new URLSearchParams(location.search).get('unit') || '1';
  var $ = function (id) { return document.getElementById(id); };
  function cell(tr, text, cls) { var td = document.createElement('td'); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); }
  function render(q) {
    $('hall').textContent = (q.unitName || '') + ' 人民来访接待厅';
    var tb = $('called');
    tb.textContent = '';
    q.called.slice(0, 8).forEach(function (t) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-code', t.code);
      cell(tr, t.code, 'code'); cell(tr, '→ ' + (t.window || '') + ' 号窗口'); cell(tr, t.statusLabel);
      tb.appendChild(tr);
    });
    var w = $('waiting');
    w.textContent = '';
    q.waiting.forEach(function (t) { var s = document.createElement('span'); s.textContent = t.code; w.appendChild(s); });
    $('count').textContent = '（' + q.waiting.length + ' 人）';
  }
  function poll() {
    fetch('/api/v1/public/hall/board?unitId=' + encodeURIComponent(unit))
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
      .then(render)
      .catch(function () { $('count').textContent = '（连接中断，正在重试）'; })
      .finally(function () { setTimeout(poll, 3000); });
  }
  setInterval(function () { $('clock').textContent = new Date().toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }); }, 1000);
  poll();
})();
