// Live updates for a screen: re-read everything every 2 s (simple and proxy-friendly; no
// server push needed), and on demand after an action.
import { ApiError } from './api.js';
import { fill, notice } from './dom.js';

const POLL_MS = 2000;

/**
 * `refreshOnce` reads and renders the screen. Polls never overlap; `refreshNow` waits for a poll
 * already in flight (it may predate the action) and reads again. `statusEl` says when updates pause.
 */
export function livePoller(refreshOnce, statusEl, isStopped) {
  let refreshing = null;

  function refresh() {
    if (refreshing) return refreshing;
    refreshing = refreshOnce()
      .then(() => fill(statusEl))
      .catch((error) => {
        if (!isStopped() && !(error instanceof ApiError && error.status === 401))
          fill(statusEl, notice('error', `Live updates paused: ${error.message} Retrying…`));
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  async function refreshNow() {
    if (refreshing) await refreshing;
    return refresh();
  }

  let timer = null;
  return {
    refresh,
    refreshNow,
    start() {
      void refresh();
      timer = setInterval(() => void refresh(), POLL_MS);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
