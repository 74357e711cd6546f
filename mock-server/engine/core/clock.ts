/** The engine's only source of time: real time plus an offset the admin surface can move. */
export interface Clock {
  /** Milliseconds since the epoch, as the engine sees it. */
  now(): number;
  nowSeconds(): number;
  /**
   * Seconds by the real clock, which moving the engine's clock does not move: the time a client's own
   * clock shows when it signs something for this very request (a DPoP proof's iat, RFC 9449 §11.1).
   */
  realSeconds(): number;
  advance(seconds: number): void;
  set(epochMs: number): void;
  reset(): void;
}

export function createClock(realNow: () => number = Date.now): Clock {
  let offset = 0;
  return {
    now: () => realNow() + offset,
    nowSeconds: () => Math.floor((realNow() + offset) / 1000),
    realSeconds: () => Math.floor(realNow() / 1000),
    advance: (seconds) => {
      offset += seconds * 1000;
    },
    set: (epochMs) => {
      offset = epochMs - realNow();
    },
    reset: () => {
      offset = 0;
    },
  };
}
