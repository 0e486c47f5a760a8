/* global window, document, navigator, location, console, confirm, fetch, URLSearchParams, RTCPeerConnection, WebSocket */
// 视频接访页面：浏览器之间的 WebRTC 音视频（全网状，2–4 方），信令经本平台的 WebSocket。无构建步骤。
// 地址：/video?room=房间码[&key=主持密钥]。有主持密钥者为接访方，可“准入”等候室中的人并“结束”接访。
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var room = params.get('room') || '';
  var key = params.get('key') || '';
  var $ = function (id) { return document.getElementById(id); };
  var state = { ws: null, id: null, host: false, admitted: false, ice: [], stream: null, peers: new Map(), chain: Promise.resolve() };
  window.__video = state; // 供自动化测试读取连接状态

  function setStatus(t) { $('status').textContent = t; }
  if (params.get('name')) $('name').value = params.get('name');
  if (!room) {
    // 没有房间码：工作人员在此开设视频接访（工作台登录的 Cookie + CSRF 令牌），得到主持链接和给来访人的链接
    setStatus('请先开设视频接访，或使用接访人员发给您的链接');
    $('join').disabled = true; $('joinBar').hidden = true; $('open').hidden = false;
    $('openBtn').onclick = function () {
      var m = /(?:^|;\s*)fq_csrf=([^;]+)/.exec(document.cookie);
      var body = { title: $('openTitle').value.trim() || '视频接访' };
      if ($('openMatter').value) body.matterId = Number($('openMatter').value);
      fetch('/api/v1/video/rooms', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': m ? decodeURIComponent(m[1]) : '' }, body: JSON.stringify(body) })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
        .then(function (x) {
          if (!x.ok) { $('openMsg').textContent = (x.j.error && x.j.error.message) || '开设失败'; return; }
          $('openMsg').textContent = '来访人/上级加入链接：' + location.origin + x.j.url;
          var a = document.createElement('a'); a.href = x.j.hostUrl; a.textContent = ' 以接访人身份进入'; $('openMsg').appendChild(a);
        })
        .catch(function (e) { $('openMsg').textContent = '开设失败：' + e.message; });
    };
  }

  function send(m) { if (state.ws && state.ws.readyState === 1) state.ws.send(JSON.stringify(m)); }

  function figureFor(peerId, name) {
    var f = document.querySelector('figure[data-peer="' + peerId + '"]');
    if (!f) {
      f = document.createElement('figure');
      f.setAttribute('data-peer', peerId);
      var v = document.createElement('video');
      v.autoplay = true; v.playsInline = true; v.muted = true; // 自动播放策略：远端静音起播，点击画面取消静音
      v.className = 'remote';
      v.addEventListener('click', function () { v.muted = !v.muted; });
      var c = document.createElement('figcaption');
      c.textContent = name || '对方';
      f.appendChild(v); f.appendChild(c);
      $('videos').appendChild(f);
    }
    return f;
  }

  function peer(peerId, name) {
    var p = state.peers.get(peerId);
    if (p) return p;
    var pc = new RTCPeerConnection({ iceServers: state.ice });
    p = { id: peerId, name: name, pc: pc, video: figureFor(peerId, name).querySelector('video') };
    state.peers.set(peerId, p);
    state.stream.getTracks().forEach(function (t) { pc.addTrack(t, state.stream); });
    pc.onicecandidate = function (e) { if (e.candidate) send({ type: 'signal', to: peerId, data: { candidate: e.candidate } }); };
    pc.ontrack = function (e) { if (p.video.srcObject !== e.streams[0]) p.video.srcObject = e.streams[0]; };
    pc.onconnectionstatechange = function () { updateStatus(); if (pc.connectionState === 'failed' && pc.restartIce) pc.restartIce(); };
    return p;
  }

  function dropPeer(peerId) {
    var p = state.peers.get(peerId);
    if (!p) return;
    p.pc.close();
    state.peers.delete(peerId);
    var f = document.querySelector('figure[data-peer="' + peerId + '"]');
    if (f) f.remove();
    updateStatus();
  }

  function updateStatus() {
    if (!state.admitted) return;
    var n = 0;
    state.peers.forEach(function (p) { if (p.pc.connectionState === 'connected') n++; });
    setStatus('接访中：已连接 ' + n + ' 方' + (state.host ? '（接访方）' : ''));
  }

  async function call(peerId, name) {
    var p = peer(peerId, name);
    var offer = await p.pc.createOffer();
    await p.pc.setLocalDescription(offer);
    send({ type: 'signal', to: peerId, data: { sdp: p.pc.localDescription } });
  }

  async function onSignal(m) {
    var p = peer(m.from, m.name);
    var d = m.data || {};
    if (d.sdp) {
      await p.pc.setRemoteDescription(d.sdp);
      if (d.sdp.type === 'offer') {
        await p.pc.setLocalDescription(await p.pc.createAnswer());
        send({ type: 'signal', to: m.from, data: { sdp: p.pc.localDescription } });
      }
    } else if (d.candidate) {
      try { await p.pc.addIceCandidate(d.candidate); } catch (e) { console.warn('ICE', e); }
    }
  }

  function renderWaiting(list) {
    var ul = $('waiting');
    ul.textContent = '';
    if (!list.length) { var li0 = document.createElement('li'); li0.textContent = '（暂无等候）'; ul.appendChild(li0); }
    list.forEach(function (w) {
      var li = document.createElement('li');
      li.textContent = w.name + ' ';
      var b = document.createElement('button');
      b.textContent = '准入';
      b.className = 'admit';
      b.setAttribute('data-id', w.id);
      b.onclick = function () { send({ type: 'admit', id: w.id }); b.disabled = true; };
      li.appendChild(b);
      ul.appendChild(li);
    });
    $('wait').textContent = '等候（' + list.length + '）';
  }

  function handle(m) {
    switch (m.type) {
      case 'hello':
        state.id = m.id; state.host = m.host; state.admitted = m.admitted; state.ice = m.iceServers || [];
        $('title').textContent = '· ' + m.title;
        $('hostPanel').hidden = !m.host; $('end').disabled = !m.host; $('wait').disabled = false;
        setStatus(m.admitted ? '接访中' : '等候中：请稍候，接访人员将准许您进入');
        return;
      case 'waiting': renderWaiting(m.list); return;
      case 'admitted':
        state.admitted = true;
        setStatus('接访中：正在连接……');
        return Promise.all(m.peers.map(function (o) { return call(o.id, o.name); }));
      case 'signal': return onSignal(m);
      case 'peer-left': dropPeer(m.id); return;
      case 'ended':
        state.peers.forEach(function (p, id) { dropPeer(id); });
        setStatus('视频接访已结束'); $('end').disabled = true; $('join').disabled = true;
        return;
      case 'error': setStatus(m.message); return;
    }
  }

  $('join').onclick = async function () {
    $('join').disabled = true;
    try {
      state.stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    } catch (e) {
      setStatus('无法打开摄像头或麦克风：' + e.message); $('join').disabled = false; return;
    }
    $('local').srcObject = state.stream;
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/video/ws?room=' + encodeURIComponent(room)
      + (key ? '&key=' + encodeURIComponent(key) : '') + '&name=' + encodeURIComponent($('name').value.trim());
    var ws = new WebSocket(url);
    state.ws = ws;
    ws.onmessage = function (e) {
      var m = JSON.parse(e.data);
      // one message at a time: an ICE candidate must not overtake the offer it belongs to
      state.chain = state.chain.then(function () { return handle(m); }).catch(function (err) { console.error(err); });
    };
    ws.onclose = function () { if (state.admitted) setStatus($('status').textContent.indexOf('结束') >= 0 ? $('status').textContent : '连接已断开'); };
    setStatus('正在加入……');
  };
  $('wait').onclick = function () { $('hostPanel').hidden = !state.host || !$('hostPanel').hidden; };
  $('end').onclick = function () {
    if (!confirm('确定结束本次视频接访？纪要将写入事项记录。')) return;
    send({ type: 'end', minutes: $('minutes').value });
  };
})();
