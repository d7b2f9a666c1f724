/*
 * Touchpoint live chat widget, served as /widget.js. On any page:
 *   <script src="https://your-touchpoint/widget.js" data-write-key="tp_write_…" async></script>
 * (optionally data-title="…" for the panel's heading).
 * Plain JavaScript with no build step. It lives in a Shadow DOM, so the page's
 * CSS cannot break it and its CSS cannot leak out; every entry point (start,
 * clicks, timers, socket and fetch callbacks) is guarded, so it never throws
 * into the page; message text is only ever set with textContent.
 */
(function () {
  'use strict';

  var MAX_CHARS = 4000;

  function warn(err) {
    try {
      console.warn('[touchpoint chat]', err);
    } catch (e) {
      // no console: nothing else to do
    }
  }

  function guard(fn) {
    return function () {
      try {
        return fn.apply(this, arguments);
      } catch (err) {
        warn(err);
      }
    };
  }

  function store() {
    return {
      get: function (key) {
        try {
          return window.localStorage.getItem(key);
        } catch (e) {
          return null; // storage blocked (private mode, sandboxed frame): the chat still works for this page
        }
      },
      set: function (key, value) {
        try {
          if (value == null) window.localStorage.removeItem(key);
          else window.localStorage.setItem(key, value);
        } catch (e) {
          // as above
        }
      },
    };
  }

  function randomId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  /** analytics.js's anonymous id when the page has one (so the chat joins the same journey), else our own. */
  function anonymousId(storage) {
    var ajs = storage.get('ajs_anonymous_id');
    if (ajs) {
      try {
        var parsed = JSON.parse(ajs);
        if (typeof parsed === 'string' && parsed) return parsed;
      } catch (e) {
        return ajs;
      }
    }
    var own = storage.get('tp_anonymous_id');
    if (!own) {
      own = randomId();
      storage.set('tp_anonymous_id', own);
    }
    return own;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var name in attrs) if (Object.prototype.hasOwnProperty.call(attrs, name)) node.setAttribute(name, attrs[name]);
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function bubbleIcon() {
    var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z');
    svg.appendChild(path);
    return svg;
  }

  var CSS = [
    // !important in the shadow tree wins over the page's own !important rules on the host element.
    ':host{all:initial!important;display:block!important;position:fixed!important;right:20px!important;bottom:20px!important;z-index:2147483000!important;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif!important;color:#1d2433!important}',
    '*{box-sizing:border-box;font:inherit}',
    '[hidden]{display:none!important}',
    '.launcher{position:relative;float:right;width:56px;height:56px;padding:15px;border:0;border-radius:50%;background:#3b5bdb;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}',
    '.launcher svg{display:block;width:26px;height:26px;fill:currentColor}',
    '.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#e03131;color:#fff;font-size:12px;line-height:20px}',
    '.panel{display:flex;flex-direction:column;width:340px;max-width:calc(100vw - 40px);height:460px;max-height:calc(100vh - 110px);margin-bottom:12px;background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden}',
    'header{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;background:#3b5bdb;color:#fff;font-weight:600}',
    'header button{border:0;background:none;color:#fff;font-size:20px;cursor:pointer}',
    '.notice{margin:0;padding:8px 14px;background:#f1f3f5;font-size:13px}',
    '.log{flex:1;margin:0;padding:12px;list-style:none;overflow-y:auto}',
    '.msg{max-width:85%;margin:0 0 8px;padding:8px 10px;border-radius:10px;background:#f1f3f5;white-space:pre-wrap;overflow-wrap:anywhere}',
    '.msg.visitor{margin-left:auto;background:#3b5bdb;color:#fff}',
    '.msg.system{max-width:none;background:none;color:#868e96;font-size:12px;text-align:center}',
    '.msg time{display:block;opacity:.7;font-size:11px}',
    'form{display:flex;flex-wrap:wrap;gap:6px;padding:10px;border-top:1px solid #e9ecef}',
    'input,textarea{flex:1 1 100%;padding:7px 9px;border:1px solid #ced4da;border-radius:6px;background:#fff;color:#1d2433;resize:none}',
    'form button{margin-left:auto;padding:7px 16px;border:0;border-radius:6px;background:#3b5bdb;color:#fff;cursor:pointer}',
    'form button:disabled{opacity:.6;cursor:default}',
  ].join('\n');

  function start(script, writeKey) {
    var origin = new URL(script.src, window.location.href).origin;
    var api = origin + '/widget/v1';
    var socketUrl = api.replace(/^http/, 'ws') + '/chat?writeKey=' + encodeURIComponent(writeKey);
    var storage = store();
    var tokenKey = 'tp_chat_token:' + writeKey;
    var token = storage.get(tokenKey);
    var socket = null;
    var retries = 0;
    var stopped = false;
    var online = true;
    var unread = 0;
    var lastSent = '';
    var seen = {};

    var host = document.createElement('touchpoint-chat');
    var root = host.attachShadow({ mode: 'open' });

    var badge = el('span', { class: 'badge', hidden: '' });
    var launcher = el('button', { type: 'button', class: 'launcher', 'aria-label': 'Open chat', 'aria-expanded': 'false' }, [bubbleIcon(), badge]);
    var closeButton = el('button', { type: 'button', 'aria-label': 'Close chat' }, ['\u00D7']);
    var notice = el('p', { class: 'notice', role: 'status' });
    var log = el('ol', { class: 'log', 'aria-label': 'Messages', 'aria-live': 'polite' });
    var nameInput = el('input', { name: 'name', autocomplete: 'name', maxlength: '200', placeholder: 'Your name (optional)', 'aria-label': 'Your name' });
    var emailInput = el('input', { name: 'email', type: 'email', autocomplete: 'email', maxlength: '320', placeholder: 'Your email (optional)', 'aria-label': 'Your email' });
    var textarea = el('textarea', { name: 'message', rows: '2', maxlength: String(MAX_CHARS), placeholder: 'Write a message…', 'aria-label': 'Message' });
    var sendButton = el('button', { type: 'submit' }, ['Send']);
    var form = el('form', {}, [nameInput, emailInput, textarea, sendButton]);
    var panel = el('section', { class: 'panel', role: 'dialog', 'aria-label': script.getAttribute('data-title') || 'Chat with us', hidden: '' }, [
      el('header', {}, [el('span', {}, [script.getAttribute('data-title') || 'Chat with us']), closeButton]),
      notice,
      log,
      form,
    ]);
    root.appendChild(el('style', {}, [CSS]));
    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(host);

    function say(text) {
      notice.textContent = text;
      notice.hidden = !text;
    }

    function setOnline(value) {
      online = value;
      emailInput.required = !online && !token;
      emailInput.placeholder = emailInput.required ? 'Your email (so we can answer)' : 'Your email (optional)';
      say(online ? '' : 'No one is online right now. Leave a message and we will answer by email.');
    }

    function showStarted(started) {
      nameInput.hidden = started;
      emailInput.hidden = started;
    }

    function setUnread(n) {
      unread = n;
      badge.textContent = String(n);
      badge.hidden = n === 0;
    }

    function addLine(kind, text, at) {
      var item = el('li', { class: 'msg ' + kind }, [el('span', {}, [text])]);
      if (at) item.appendChild(el('time', { datetime: at }, [new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })]));
      log.appendChild(item);
      log.scrollTop = log.scrollHeight;
    }

    function addMessage(m, isNew) {
      if (seen[m.id]) return;
      seen[m.id] = true;
      addLine(m.author === 'visitor' ? 'visitor' : 'agent', m.body, m.at);
      if (isNew && m.author !== 'visitor' && panel.hidden) setUnread(unread + 1);
    }

    function addHistory(messages) {
      messages.forEach(function (m) { addMessage(m, false); });
    }

    function forget(reason) {
      token = null;
      storage.set(tokenKey, null);
      showStarted(false);
      setOnline(online);
      addLine('system', reason);
    }

    function connect() {
      if (socket || !token || stopped) return;
      var ws = new WebSocket(socketUrl);
      socket = ws;
      ws.onopen = guard(function () {
        ws.send(JSON.stringify({ type: 'join', token: token }));
      });
      ws.onmessage = guard(function (event) {
        var frame = JSON.parse(event.data);
        var data = frame.data || {};
        if (frame.type === 'hello') {
          retries = 0;
          showStarted(true);
          setOnline(data.agentsOnline);
          addHistory(data.messages);
        } else if (frame.type === 'message') {
          addMessage(data, true);
        } else if (frame.type === 'agent.joined') {
          addLine('system', 'An agent joined the conversation.');
        } else if (frame.type === 'status' && data.status === 'solved') {
          addLine('system', 'Marked as solved. Write again if you need more help.');
        } else if (frame.type === 'error') {
          say(data.message);
          if ((data.code === 'rate_limited' || data.code === 'message_too_long') && !textarea.value) textarea.value = lastSent;
        }
      });
      ws.onclose = guard(function (event) {
        socket = null;
        if (event.code === 4404 || event.code === 4410) return forget('This conversation has ended. Write to start a new one.');
        if (event.code === 4401 || event.code === 4403) {
          stopped = true;
          return say('The chat is not available right now.');
        }
        // Back-off with jitter, up to 30 s, so a restarting server is not stampeded.
        var delay = Math.min(30000, 1000 * Math.pow(2, retries++)) * (0.5 + Math.random() / 2);
        setTimeout(guard(connect), delay);
      });
    }

    function begin(text) {
      var body = { writeKey: writeKey, anonymousId: anonymousId(storage), message: text, pageUrl: window.location.href };
      if (nameInput.value.trim()) body.name = nameInput.value.trim();
      if (emailInput.value.trim()) body.email = emailInput.value.trim();
      sendButton.disabled = true;
      // text/plain keeps it a simple request: no CORS preflight.
      fetch(api + '/conversations', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) })
        .then(function (res) {
          return res.json().then(function (json) {
            if (res.status !== 201) {
              if (json.error && json.error.code === 'email_required') setOnline(false);
              throw Object.assign(new Error('refused'), { shown: json.error && json.error.message });
            }
            token = json.token;
            storage.set(tokenKey, token);
            textarea.value = '';
            showStarted(true);
            setOnline(json.conversation.agentsOnline);
            addHistory(json.conversation.messages);
            connect();
          });
        })
        .catch(function (err) {
          say((err && err.shown) || 'The message could not be sent. Try again.');
        })
        .then(function () {
          sendButton.disabled = false;
        })
        .catch(warn);
    }

    function checkAvailability() {
      fetch(api + '/availability?writeKey=' + encodeURIComponent(writeKey))
        .then(function (res) {
          return res.ok ? res.json() : null;
        })
        .then(function (json) {
          if (json && !token) setOnline(json.agentsOnline);
        })
        .catch(warn);
    }

    form.addEventListener('submit', guard(function (event) {
      event.preventDefault();
      var text = textarea.value.trim();
      if (!text) return;
      if (!token) return begin(text);
      if (!socket || socket.readyState !== WebSocket.OPEN) return say('Reconnecting… your message is kept.');
      lastSent = text;
      socket.send(JSON.stringify({ type: 'message', body: text }));
      textarea.value = '';
      setOnline(online); // clears an earlier error
    }));

    textarea.addEventListener('keydown', guard(function (event) {
      // Enter sends, Shift+Enter starts a new line.
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit ? form.requestSubmit() : sendButton.click();
      }
    }));

    function toggle(open) {
      panel.hidden = !open;
      launcher.setAttribute('aria-expanded', String(open));
      launcher.setAttribute('aria-label', open ? 'Hide chat' : 'Open chat');
      if (open) {
        setUnread(0);
        if (!token) checkAvailability();
        textarea.focus();
      }
    }
    launcher.addEventListener('click', guard(function () { toggle(panel.hidden); }));
    closeButton.addEventListener('click', guard(function () { toggle(false); }));

    say('');
    connect();
  }

  guard(function () {
    var script = document.currentScript || document.querySelector('script[data-write-key][src*="widget.js"]');
    var writeKey = script && script.getAttribute('data-write-key');
    if (!writeKey) return warn('add data-write-key="tp_write_…" to the widget\'s script tag');
    if (window.__touchpointChat || !window.WebSocket || !window.fetch || !Element.prototype.attachShadow) return;
    window.__touchpointChat = true;
    var run = guard(function () { start(script, writeKey); });
    if (document.body) run();
    else document.addEventListener('DOMContentLoaded', run);
  })();
})();
