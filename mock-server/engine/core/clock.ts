/** The engine's only source of time: real time plus an offset the admin surface can move. */
export interface Clock {
  /** Milliseconds since the epoch, as the engine sees it. */
  now(): number;
  nowSeconds(): number;
  advance(seconds: number): void;
  set(epochMs: number): void;
  reset(): void;
}

export function createClock(realNow: () => number = Date.now): Clock {
  let offset = 0;
  return {
    now: () => realNow() + offset,
    nowSeconds: () => Math.floor((realNow() + offset) / 1000),
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
