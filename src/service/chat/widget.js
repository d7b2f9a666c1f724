/*
 * Touchpoint widget, served as /widget.js: live chat, and the surveys whose page
 * trigger matches the page (a card after the trigger's delay). On any page:
 *   <script src="https://your-touchpoint/widget.js" data-write-key="tp_write_…" async></script>
 * (optionally data-title="…" for the chat panel's heading).
 * The chat and the survey card start apart, so a fault in one leaves the other working.
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

  /** A cookie of the page, decoded; null when absent or unreadable (a sandboxed frame throws on document.cookie). */
  function cookie(name) {
    var pairs;
    try {
      pairs = document.cookie ? document.cookie.split(';') : [];
    } catch (e) {
      return null;
    }
    for (var i = 0; i < pairs.length; i++) {
      var pair = pairs[i].replace(/^\s+/, '');
      var at = pair.indexOf('=');
      if (at < 0 || pair.slice(0, at) !== name) continue;
      try {
        return decodeURIComponent(pair.slice(at + 1));
      } catch (e) {
        return pair.slice(at + 1); // not %-encoded after all
      }
    }
    return null;
  }

  /**
   * An id analytics.js keeps for the visitor: from localStorage (JSON-encoded), else
   * from its cookie, where sites that turn localStorage off keep it (a plain string,
   * or JSON-quoted by older versions). Null when neither has one.
   */
  function ajsId(storage, key) {
    var found = [storage.get(key), cookie(key)];
    for (var i = 0; i < found.length; i++) {
      var value = found[i];
      if (!value) continue;
      try {
        value = JSON.parse(value);
      } catch (e) {
        // a plain string
      }
      if (typeof value === 'number') value = String(value);
      if (typeof value === 'string' && value) return value;
    }
    return null;
  }

  /** analytics.js's anonymous id when the page has one (so the chat joins the same journey), else our own. */
  function anonymousId(storage) {
    var ajs = ajsId(storage, 'ajs_anonymous_id');
    if (ajs) return ajs;
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

  /** The look the chat panel and the survey card share; `side` is the corner they sit in. */
  function baseCss(side) {
    return [
      // !important in the shadow tree wins over the page's own !important rules on the host element.
      ':host{all:initial!important;display:block!important;position:fixed!important;' + side + ':20px!important;bottom:20px!important;z-index:2147483000!important;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif!important;color:#1d2433!important}',
      '*{box-sizing:border-box;font:inherit}',
      '[hidden]{display:none!important}',
      'header{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;background:#3b5bdb;color:#fff;font-weight:600}',
      'header button{border:0;background:none;color:#fff;font-size:20px;cursor:pointer}',
      'input,textarea{flex:1 1 100%;padding:7px 9px;border:1px solid #ced4da;border-radius:6px;background:#fff;color:#1d2433;resize:none}',
    ].join('\n');
  }

  /** POSTs JSON as text/plain (a simple request: no CORS preflight); a refusal rejects with the server's message. */
  function postJson(url, body) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) }).then(function (res) {
      return res.json().then(function (json) {
        if (!res.ok) throw Object.assign(new Error('refused'), { shown: json.error && json.error.message, code: json.error && json.error.code });
        return json;
      });
    });
  }

  var CSS = [
    baseCss('right'),
    '.launcher{position:relative;float:right;width:56px;height:56px;padding:15px;border:0;border-radius:50%;background:#3b5bdb;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}',
    '.launcher svg{display:block;width:26px;height:26px;fill:currentColor}',
    '.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#e03131;color:#fff;font-size:12px;line-height:20px}',
    '.panel{display:flex;flex-direction:column;width:340px;max-width:calc(100vw - 40px);height:460px;max-height:calc(100vh - 110px);margin-bottom:12px;background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden}',
    '.notice{margin:0;padding:8px 14px;background:#f1f3f5;font-size:13px}',
    '.log{flex:1;margin:0;padding:12px;list-style:none;overflow-y:auto}',
    '.msg{max-width:85%;margin:0 0 8px;padding:8px 10px;border-radius:10px;background:#f1f3f5;white-space:pre-wrap;overflow-wrap:anywhere}',
    '.msg.visitor{margin-left:auto;background:#3b5bdb;color:#fff}',
    '.msg.system{max-width:none;background:none;color:#868e96;font-size:12px;text-align:center}',
    '.msg time{display:block;opacity:.7;font-size:11px}',
    'form{display:flex;flex-wrap:wrap;gap:6px;padding:10px;border-top:1px solid #e9ecef}',
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
      postJson(api + '/conversations', body)
        .then(function (json) {
          token = json.token;
          storage.set(tokenKey, token);
          textarea.value = '';
          showStarted(true);
          setOnline(json.conversation.agentsOnline);
          addHistory(json.conversation.messages);
          connect();
        })
        .catch(function (err) {
          if (err && err.code === 'email_required') setOnline(false);
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

  // Surveys: ask the server which survey, if any, is due on this page; after the
  // trigger's delay record the display and show the first question, then a comment.

  var SURVEY_CSS = [
    baseCss('left'),
    '.card{width:340px;max-width:calc(100vw - 40px);background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden}',
    '.body{padding:12px 14px}',
    '.q{margin:0 0 10px;font-weight:600}',
    '.scale{display:flex;flex-wrap:wrap;gap:4px}',
    '.options button{padding:7px 9px;border:1px solid #ced4da;border-radius:6px;background:#fff;color:#1d2433;cursor:pointer}',
    '.scale button{flex:1 0 26px;padding:7px 0}',
    '.choices{display:flex;flex-direction:column;gap:4px}.choices button{text-align:left}',
    '.options button[aria-pressed=true]{background:#3b5bdb;border-color:#3b5bdb;color:#fff}',
    'button:focus-visible,textarea:focus-visible{outline:2px solid #3b5bdb;outline-offset:1px}',
    '.ends{display:flex;justify-content:space-between;margin-top:4px;font-size:12px;color:#868e96}',
    'label{display:block;margin:12px 0 6px;font-weight:600}',
    'textarea{display:block;width:100%}',
    '.send{display:block;margin:8px 0 0 auto;padding:7px 16px;border:0;border-radius:6px;background:#3b5bdb;color:#fff;cursor:pointer}',
    '.note{margin:8px 0 0;font-size:13px;color:#868e96}',
  ].join('\n');

  function startSurvey(script, writeKey) {
    var api = new URL(script.src, window.location.href).origin + '/widget/v1/surveys';
    var storage = store();
    var visit = { writeKey: writeKey, anonymousId: anonymousId(storage), path: window.location.pathname };
    if (navigator.language) visit.language = navigator.language;
    // analytics.js's user id of a logged-in visitor, if the page has one.
    var userId = ajsId(storage, 'ajs_user_id');
    if (userId) visit.userId = userId;

    fetch(api + '/due?' + new URLSearchParams(visit).toString())
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (json) {
        var card = json && json.survey;
        if (card) setTimeout(guard(function () { display(card); }), card.delaySeconds * 1000);
      })
      .catch(warn);

    /** The display is recorded first: a card the server refuses (asked meanwhile) is never shown. */
    function display(card) {
      postJson(api + '/' + encodeURIComponent(card.surveyId) + '/displays', visit)
        .then(function (json) {
          show(card, json.token);
        })
        .catch(warn);
    }

    function show(card, token) {
      var host = document.createElement('touchpoint-survey');
      var root = host.attachShadow({ mode: 'open' });
      var question = card.question;
      var closeButton = el('button', { type: 'button', 'aria-label': 'Close survey' }, ['\u00D7']);
      var body = el('div', { class: 'body' });
      var note = el('p', { class: 'note', role: 'status' });
      var section = el('section', { class: 'card', role: 'dialog', 'aria-label': card.title }, [el('header', {}, [el('span', {}, [card.title]), closeButton]), body]);
      root.appendChild(el('style', {}, [SURVEY_CSS]));
      root.appendChild(section);
      document.body.appendChild(host);

      // Closing is an answer too: the display is kept, so the survey is not shown again within the recontact period.
      function close() {
        if (host.parentNode) host.parentNode.removeChild(host);
      }
      closeButton.addEventListener('click', guard(close));
      section.addEventListener('keydown', guard(function (event) {
        if (event.key === 'Escape') close();
      }));

      function send(answers, complete) {
        note.textContent = '';
        return postJson(api + '/answers', { writeKey: writeKey, token: token, answers: answers, complete: complete }).catch(function (err) {
          note.textContent = (err && err.shown) || 'Your answer could not be sent. Try again.';
          throw err;
        });
      }

      function thanks() {
        body.textContent = '';
        body.appendChild(el('p', { class: 'q', role: 'status' }, ['Thank you!']));
        closeButton.focus();
      }

      /** A box for words; `label` is its question. Send finishes the response. */
      function textStep(id, label) {
        var textarea = el('textarea', { id: 'tp-text', rows: '3', maxlength: '5000' });
        var button = el('button', { type: 'button', class: 'send' }, ['Send']);
        button.addEventListener('click', guard(function () {
          var answers = {};
          if (textarea.value.trim()) answers[id] = textarea.value.trim();
          button.disabled = true;
          send(answers, true)
            .then(thanks)
            .catch(function () { button.disabled = false; })
            .catch(warn);
        }));
        body.appendChild(el('label', { for: 'tp-text' }, [label]));
        body.appendChild(textarea);
        body.appendChild(button);
        body.appendChild(note);
      }

      /** The first answer is kept at once; the comment box follows (or thanks, without one). */
      function answered(value) {
        var answers = {};
        answers[question.id] = value;
        send(answers, !card.comment)
          .then(function () {
            if (!card.comment) return thanks();
            // A changed score is sent again; the comment box is added once.
            if (!body.querySelector('textarea')) textStep(card.comment.id, card.comment.text);
          })
          .catch(warn);
      }

      var prompt = el('p', { class: 'q', id: 'tp-q' }, [question.text]);
      if (question.type === 'text') {
        textStep(question.id, question.text);
        return;
      }
      body.appendChild(prompt);
      var multiple = question.type === 'multiple_choice';
      var options = question.choices
        ? question.choices.map(function (c) { return { value: c.id, label: c.label }; })
        : Array.apply(null, Array(question.max - question.min + 1)).map(function (_, i) { return { value: question.min + i, label: String(question.min + i) }; });
      var group = el('div', { class: 'options ' + (question.choices ? 'choices' : 'scale'), role: 'group', 'aria-labelledby': 'tp-q' });
      var buttons = options.map(function (option) {
        var button = el('button', { type: 'button', 'aria-pressed': 'false' }, [option.label]);
        button.addEventListener('click', guard(function () {
          var pressed = button.getAttribute('aria-pressed') === 'true';
          if (!multiple) buttons.forEach(function (b) { b.setAttribute('aria-pressed', 'false'); });
          button.setAttribute('aria-pressed', String(multiple ? !pressed : true));
          if (!multiple) answered(option.value);
        }));
        group.appendChild(button);
        return button;
      });
      body.appendChild(group);
      if (question.ends) body.appendChild(el('div', { class: 'ends', 'aria-hidden': 'true' }, [el('span', {}, [question.ends[0]]), el('span', {}, [question.ends[1]])]));
      if (multiple) {
        var next = el('button', { type: 'button', class: 'send' }, ['Next']);
        next.addEventListener('click', guard(function () {
          var chosen = options.filter(function (_, i) { return buttons[i].getAttribute('aria-pressed') === 'true'; }).map(function (o) { return o.value; });
          if (chosen.length) answered(chosen);
        }));
        body.appendChild(next);
      }
      body.appendChild(note);
    }
  }

  guard(function () {
    var script = document.currentScript || document.querySelector('script[data-write-key][src*="widget.js"]');
    var writeKey = script && script.getAttribute('data-write-key');
    if (!writeKey) return warn('add data-write-key="tp_write_…" to the widget\'s script tag');
    if (window.__touchpointChat || !window.fetch || !Element.prototype.attachShadow) return;
    window.__touchpointChat = true;
    var run = function () {
      if (window.WebSocket) guard(start)(script, writeKey);
      guard(startSurvey)(script, writeKey);
    };
    if (document.body) run();
    else document.addEventListener('DOMContentLoaded', run);
  })();
})();
