// Talks to the dashboard's REST API and SSE stream.

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

// The dashboard refuses state-changing requests that are not JSON (see StateChangingRequestFilter).
export async function postJson(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  return {
    status: response.status,
    ok: response.ok,
    body: payload,
    // Set only on the dashboard's own 401 (a trainer's 401 comes back through the proxy without it).
    authenticate: response.headers.get('WWW-Authenticate') || '',
  };
}

/**
 * Keeps one EventSource open. After a drop it reconnects with the last sequence it saw (and the server
 * instance it came from), so the server sends only what was missed; an update it already has (seq not
 * newer) is ignored, so no point is drawn twice. A new server instance or a gap too big to replay means
 * the page reloads its data (onReload).
 */
export function connectStream({ onReload, onUpdate, onState }) {
  let source = null;
  let instance = null;
  let lastSeq = null;
  let retryMs = 500;
  let lastHeardAt = Date.now();
  let silenceLimitMs = null;

  function open() {
    const params = new URLSearchParams();
    if (instance !== null && lastSeq !== null) {
      params.set('since', String(lastSeq));
      params.set('instance', instance);
    }
    const query = params.toString();
    source = new EventSource('api/stream' + (query ? '?' + query : ''));
    lastHeardAt = Date.now();
    source.addEventListener('ping', () => { lastHeardAt = Date.now(); });
    source.addEventListener('hello', (e) => {
      const hello = JSON.parse(e.data);
      lastHeardAt = Date.now();
      silenceLimitMs = 3 * hello.heartbeatMs;
      retryMs = 500;
      onState('live');
      if (hello.instance !== instance) {
        instance = hello.instance;
        lastSeq = hello.seq;
        onReload();
      }
    });
    source.addEventListener('resync', (e) => {
      const info = JSON.parse(e.data);
      instance = info.instance;
      lastSeq = info.seq;
      onReload();
    });
    source.addEventListener('update', (e) => {
      const update = JSON.parse(e.data);
      lastHeardAt = Date.now();
      if (lastSeq !== null && update.seq <= lastSeq) return;
      lastSeq = update.seq;
      onUpdate(update);
    });
    source.onerror = reconnect;
  }

  function reconnect() {
    // Reconnect ourselves rather than let EventSource do it: we choose the delay and send since/instance.
    source.close();
    onState('reconnecting');
    setTimeout(open, retryMs);
    retryMs = Math.min(retryMs * 2, 10000);
  }

  // A connection that died without closing (laptop sleep, a proxy) shows up as missing pings.
  setInterval(() => {
    if (source.readyState === EventSource.OPEN && silenceLimitMs && Date.now() - lastHeardAt > silenceLimitMs) {
      reconnect();
    }
  }, 5000);

  // A page kept in the browser's back/forward cache would keep its stream open: one of the six connections a browser
  // allows per host over HTTP/1.1, so a few of them stall the next dashboard page's requests. Closed when the page is
  // hidden; if it is shown again, the stream resumes with since/instance and misses nothing.
  window.addEventListener('pagehide', () => source.close());
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) open();
  });

  open();
  return { lastSeq: () => lastSeq };
}
