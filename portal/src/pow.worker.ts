/// <reference lib="webworker" />
// Solves one challenge off the main thread: {prefix, difficulty} in, {nonce} out.
import { solve } from './pow.ts';

self.onmessage = (e: MessageEvent<{ prefix: string; difficulty: number }>) => {
  void solve(e.data.prefix, e.data.difficulty).then((nonce) => self.postMessage({ nonce }));
};
