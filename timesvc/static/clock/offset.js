// How far the device's clock is from the server's, measured as `timesvc offset` does
// (timesvc/client/__init__.py, estimate_offset). Pure functions: tests/web/test_clock_js.py runs this file
// under node beside the Python estimator. In the page it is `window.timesvcOffset`.
(function (exports) {
  "use strict";

  // How far a reading may sit from the instant it stands for, in ms, so that each sample's
  // interval still holds the true offset:
  const DATE_NOW_STEP = 1; // Date.now() counts whole milliseconds, rounded down
  const PERFORMANCE_STEP = 0.1; // performance.now() is coarsened to 100 µs without cross-origin isolation
  // The server's ns counts, above 2^53, are rounded as JS numbers (by up to 128 ns) and again when
  // divided into ms near the epoch's 1.8e12 (up to 122 ns).
  const SERVER_READING = 0.0003;

  // θ = ((t2 − t1) + (t3 − t4)) / 2: how far the server's clock is ahead of the device's.
  function offsetOf(sample) {
    return ((sample.t2 - sample.t1) + (sample.t3 - sample.t4)) / 2;
  }

  // δ = (t4 − t1) − (t3 − t2): the round trip less the server's time; |θ error| ≤ δ / 2.
  function delayOf(sample) {
    return (sample.t4 - sample.t1) - (sample.t3 - sample.t2);
  }

  // One exchange with /time?t1=, in ms from `origin`, a whole ms near t1 (the differences then
  // keep their sub-µs digits): t1 from Date.now() (the device's wall clock) as the request left,
  // the round trip from performance.now(), `body` the answer. t4 is t1 plus the round trip, moved
  // later by both clocks' steps; t2 and t3 are widened by the rounding of the server's readings.
  function sampleOf(origin, t1, roundTrip, body) {
    const sent = t1 - origin;
    return {
      t1: sent,
      t2: body.received_ns / 1e6 - origin + SERVER_READING,
      t3: body.transmit_ns / 1e6 - origin - SERVER_READING,
      t4: sent + roundTrip + DATE_NOW_STEP + PERFORMANCE_STEP,
      clock: body.clock || null,
    };
  }

  // Keep the lowest-delay quarter of the samples and intersect their intervals θ ± δ/2: the
  // middle is the offset (server minus device), the half-width its bound. Should the intervals
  // not meet (a clock stepped during the run), the single lowest-delay sample is used alone.
  function estimateOffset(samples) {
    if (!samples.length) {
      throw new Error("no samples");
    }
    const kept = samples.slice().sort((a, b) => delayOf(a) - delayOf(b)).slice(0, Math.max(1, Math.floor(samples.length / 4)));
    let low = Math.max(...kept.map((sample) => offsetOf(sample) - delayOf(sample) / 2));
    let high = Math.min(...kept.map((sample) => offsetOf(sample) + delayOf(sample) / 2));
    if (low > high) {
      const best = kept[0];
      low = offsetOf(best) - delayOf(best) / 2;
      high = offsetOf(best) + delayOf(best) / 2;
    }
    return { offset: (low + high) / 2, bound: (high - low) / 2, kept: kept.length, samples: samples.length, clock: kept[0].clock || null };
  }

  exports.estimateOffset = estimateOffset;
  exports.sampleOf = sampleOf;
})(typeof module === "object" && module.exports ? module.exports : (window.timesvcOffset = {}));
