// The clock page's phrases in its language, as timesvc/web/phrases.py says them for the page as served.
// `words` is { language: the page's BCP 47 tag, messages: its catalog's translations }, both from the page
// (<html lang>, data-messages): sentences from the catalog, dates and numbers from Intl (CLDR).
// tests/web/test_clock_js.py holds the two to the same words in each language. In the page: `window.timesvcPhrases`.
(function (exports) {
  "use strict";

  const UNITS = [[3600, "hour"], [60, "minute"], [1, "second"]];

  function two(number) {
    return String(number).padStart(2, "0");
  }

  // The translation of `message`, its %(name)s placeholders replaced by `values`.
  function say(words, message, values) {
    const text = Object.prototype.hasOwnProperty.call(words.messages, message) ? words.messages[message] : message;
    return text.replace(/%\((\w+)\)s/g, (placeholder, name) => (values && name in values ? String(values[name]) : placeholder));
  }

  // `value` (already rounded to `digits` decimals) in CLDR's short unit: "2.0 ms", "16.0 sec", "1 Std.".
  function duration(words, value, unit, digits) {
    const format = { style: "unit", unit: unit, unitDisplay: "short", minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false };
    return new Intl.NumberFormat(words.language, format).format(value);
  }

  // The date in CLDR's full format, for a Date whose UTC fields are the local date.
  function fullDate(words, moment) {
    return new Intl.DateTimeFormat(words.language, { dateStyle: "full", timeZone: "UTC" }).format(moment);
  }

  // A clock change in the largest unit that counts it whole: "1 hr", "30 min", "561 sec".
  function amount(words, seconds) {
    const whole = Math.abs(seconds);
    const [size, unit] = UNITS.find((each) => whole % each[0] === 0);
    return duration(words, whole / size, unit, 0);
  }

  // The date and time (HH:mm, :ss when not zero) of seconds since the epoch of a zone's local time.
  function wallClock(words, localSeconds) {
    const moment = new Date(localSeconds * 1000);
    const time = two(moment.getUTCHours()) + ":" + two(moment.getUTCMinutes()) + (moment.getUTCSeconds() ? ":" + two(moment.getUTCSeconds()) : "");
    return { date: fullDate(words, moment), time: time };
  }

  // The next transition (as /timezones/{name} lists them) from a zone now at utcOffsetSeconds,
  // at the local time just before the change.
  function transitionWords(words, utcOffsetSeconds, transition) {
    if (!transition) {
      return say(words, "no clock changes ahead");
    }
    const when = wallClock(words, Date.parse(transition.at) / 1000 + utcOffsetSeconds);
    const change = transition.utc_offset_seconds - utcOffsetSeconds;
    if (change === 0) {
      return say(words, "the abbreviation becomes %(abbreviation)s on %(date)s at %(time)s", { abbreviation: transition.abbreviation, date: when.date, time: when.time });
    }
    const values = { amount: amount(words, change), date: when.date, time: when.time };
    return change > 0 ? say(words, "clocks go forward %(amount)s on %(date)s at %(time)s", values) : say(words, "clocks go back %(amount)s on %(date)s at %(time)s", values);
  }

  // `value` in tenths, halves rounded up: the same count as phrases.py for the same double.
  function tenths(value) {
    return Math.floor(value * 10 + 0.5);
  }

  // A clock's error to a tenth: "2.0 ms" below a second, "16.0 sec" from one.
  function errorWords(words, seconds) {
    return seconds < 1 ? duration(words, tenths(seconds * 1000) / 10, "millisecond", 1) : duration(words, tenths(seconds) / 10, "second", 1);
  }

  // The server's clock status (the `clock` object of /time) in a sentence.
  function serverClockWords(words, clock) {
    const maxError = clock.max_error;
    if (clock.synchronized === null || clock.synchronized === undefined) {
      return say(words, "The server cannot tell whether its clock is synchronized.");
    }
    if (maxError === null || maxError === undefined) {
      return clock.synchronized ? say(words, "The server's clock is synchronized.") : say(words, "The server's clock is not synchronized.");
    }
    const values = { error: errorWords(words, maxError) };
    return clock.synchronized
      ? say(words, "The server's clock is synchronized, within %(error)s of the true time.", values)
      : say(words, "The server's clock is not synchronized: it may be off by up to %(error)s.", values);
  }

  // The device's offset (timesvcOffset.estimateOffset's, in ms) as the page says it. "Exact" only when zero
  // lies within the bound, and only against a server whose clock is synchronized: against any other the
  // device's clock can only be said to match, or to be ahead of or behind, this server's.
  function offsetWords(words, estimate) {
    const ahead = -estimate.offset; // the device minus the server
    const values = {
      amount: duration(words, Math.abs(ahead) / 1000, "second", 3),
      bound: duration(words, Math.ceil(estimate.bound) / 1000, "second", 3), // whole ms, rounded up: never tighter than measured
    };
    const trusted = Boolean(estimate.clock && estimate.clock.synchronized);
    if (Math.abs(ahead) <= estimate.bound) {
      return trusted ? say(words, "Your clock is exact (±%(bound)s).", values) : say(words, "Your clock matches this server's clock (±%(bound)s).", values);
    }
    if (ahead > 0) {
      return trusted ? say(words, "Your clock is %(amount)s ahead (±%(bound)s).", values) : say(words, "Your clock is %(amount)s ahead of this server's clock (±%(bound)s).", values);
    }
    return trusted ? say(words, "Your clock is %(amount)s behind (±%(bound)s).", values) : say(words, "Your clock is %(amount)s behind this server's clock (±%(bound)s).", values);
  }

  exports.say = say;
  exports.fullDate = fullDate;
  exports.transitionWords = transitionWords;
  exports.serverClockWords = serverClockWords;
  exports.offsetWords = offsetWords;
  exports.two = two;
})(typeof module === "object" && module.exports ? module.exports : (window.timesvcPhrases = {}));
