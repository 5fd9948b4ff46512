// The live feed: one WebSocket to /api/v1/live, re-opened with back-off (1 s, 2 s, 4 s … 15 s),
// re-subscribed on every open, and treated as lost after 70 s without a message.
import { observeServerTime } from './clock.js';
import { token, tokenRefused } from './session.js';

const SILENCE_MS = 70_000;
const MAX_BACKOFF_MS = 15_000;
const CONNECT_TIMEOUT_MS = 10_000;

export class LiveFeed extends EventTarget {
  constructor(url = defaultUrl()) {
    super();
    this.url = url;
    this.socket = null;
    this.patterns = new Set(); // what the current view needs
    this.sent = new Set(); // what this socket has been asked for
    this.connected = false;
    this.everConnected = false;
    this.backoff = 1000;
    this.openedAt = 0;
    this.retryTimer = null;
    this.lastMessage = 0;
    this.watchdog = setInterval(() => this.#checkSilence(), 5000);
  }

  start() {
    if (!this.socket && !this.retryTimer) this.#open();
  }

  /** Subscribe to these patterns ("MDI/*", "MDI/textiles-1"); adds to what the socket already has. */
  want(patterns) {
    this.patterns = new Set(patterns);
    this.#sendMissing();
  }

  /** The token was renewed: the open socket takes it too, or the service closes it when the old one expires. */
  renewed() {
    const s = this.socket;
    if (s && s.readyState === WebSocket.OPEN) s.send(JSON.stringify({ token: token() }));
  }

  #open() {
    this.retryTimer = null;
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (e) {
      this.#lost();
      return;
    }
    this.socket = socket;
    this.sent = new Set();
    // a service that accepts the connection but never answers the handshake must not leave us hanging
    const handshake = setTimeout(() => {
      if (this.socket === socket && socket.readyState === WebSocket.CONNECTING) this.#lost();
    }, CONNECT_TIMEOUT_MS);
    socket.addEventListener('open', () => {
      clearTimeout(handshake);
      if (this.socket !== socket) return;
      this.openedAt = Date.now();
      this.lastMessage = Date.now();
      // the first frame carries the token, with or without subscriptions yet
      if (!this.#sendMissing()) socket.send(JSON.stringify({ token: token() }));
      const reconnected = this.everConnected;
      this.everConnected = true;
      this.#setConnected(true, reconnected);
    });
    socket.addEventListener('message', (event) => {
      if (this.socket !== socket) return;
      this.lastMessage = Date.now();
      let msg;
      try { msg = JSON.parse(event.data); } catch { return; }
      if (!msg || typeof msg !== 'object') return;
      if (msg.type === 'snapshot' || msg.type === 'kpi') {
        observeServerTime(msg.at);
        this.dispatchEvent(new CustomEvent('kpi', { detail: msg }));
      }
      else if (msg.type === 'alert') this.dispatchEvent(new CustomEvent('alert', { detail: msg }));
      else if (msg.type === 'error') console.warn('live feed:', msg.detail);
    });
    const onGone = () => {
      if (this.socket !== socket) return;
      this.#lost();
    };
    socket.addEventListener('close', (event) => {
      // 1008 with our reason: the token was refused; reconnecting with it again would not help
      if (event.code === 1008 && String(event.reason).includes('token')) tokenRefused(event.reason);
    });
    socket.addEventListener('close', onGone);
    socket.addEventListener('error', onGone);
  }

  #sendMissing() {
    const s = this.socket;
    if (!s || s.readyState !== WebSocket.OPEN) return false;
    const missing = [...this.patterns].filter((p) => !this.sent.has(p));
    if (!missing.length) return false;
    s.send(JSON.stringify({ token: token(), subscribe: missing }));
    missing.forEach((p) => this.sent.add(p));
    this.lastMessage = Date.now();
    return true;
  }

  #checkSilence() {
    if (this.connected && this.sent.size > 0 && Date.now() - this.lastMessage > SILENCE_MS) {
      console.warn('live feed: no message for 70 s, reconnecting');
      this.#lost();
    }
  }

  #lost() {
    const old = this.socket;
    this.socket = null;
    // a connection that lasted a while starts the back-off again at 1 s; one dropped at once keeps doubling
    if (this.openedAt && Date.now() - this.openedAt > 5000) this.backoff = 1000;
    this.openedAt = 0;
    if (old) {
      try { old.close(); } catch { /* already closed */ }
    }
    this.#setConnected(false, false);
    if (this.retryTimer) return;
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    this.retryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => this.#open(), delay);
  }

  #setConnected(connected, reconnected) {
    const changed = this.connected !== connected;
    this.connected = connected;
    if (changed || reconnected || !connected) {
      this.dispatchEvent(new CustomEvent('status', { detail: { connected, reconnected, retryAt: this.retryAt } }));
    }
  }
}

function defaultUrl() {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api/v1/live`;
}
