// The English phrases the clock page shows, as timesvc/web/phrases.py says them for the page as
// served; tests/web/test_clock_js.py holds the two to the same words. In the page: `window.timesvcPhrases`.
(function (exports) {
  "use strict";

  const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function two(number) {
    return String(number).padStart(2, "0");
  }

  // A clock change as people say it: "1 h", "30 min", "1 h 30 min".
  function amount(seconds) {
    const whole = Math.abs(seconds);
    const parts = [[Math.floor(whole / 3600), "h"], [Math.floor((whole % 3600) / 60), "min"], [whole % 60, "s"]];
    return parts.filter((part) => part[0]).map((part) => part[0] + " " + part[1]).join(" ");
  }

  // "Sun 28 Mar 2027 at 02:00" for seconds since the epoch of a zone's local time.
  function wallClock(localSeconds) {
    const moment = new Date(localSeconds * 1000);
    const time = two(moment.getUTCHours()) + ":" + two(moment.getUTCMinutes()) + (moment.getUTCSeconds() ? ":" + two(moment.getUTCSeconds()) : "");
    return DAYS[moment.getUTCDay()] + " " + moment.getUTCDate() + " " + MONTHS[moment.getUTCMonth()] + " " + moment.getUTCFullYear() + " at " + time;
  }

  // The next transition (as /timezones/{name} lists them) from a zone now at utcOffsetSeconds,
  // at the local time just before the change.
  function transitionWords(utcOffsetSeconds, transition) {
    if (!transition) {
      return "no clock changes ahead";
    }
    const when = wallClock(Date.parse(transition.at) / 1000 + utcOffsetSeconds);
    const change = transition.utc_offset_seconds - utcOffsetSeconds;
    if (change === 0) {
      return "the abbreviation becomes " + transition.abbreviation + " on " + when;
    }
    return "clocks go " + (change > 0 ? "forward " : "back ") + amount(change) + " on " + when;
  }

  // `value` to one decimal, halves rounded up: the same digits as phrases.py for the same double.
  function tenths(value) {
    const count = Math.floor(value * 10 + 0.5);
    return Math.floor(count / 10) + "." + (count % 10);
  }

  function duration(seconds) {
    return seconds < 1 ? tenths(seconds * 1000) + " ms" : tenths(seconds) + " s";
  }

  // The server's clock status (the `clock` object of /time) in a sentence.
  function serverClockWords(clock) {
    const maxError = clock.max_error;
    if (clock.synchronized === null || clock.synchronized === undefined) {
      return "The server cannot tell whether its clock is synchronized.";
    }
    if (clock.synchronized) {
      return "The server's clock is synchronized" + (maxError === null || maxError === undefined ? "" : ", within " + duration(maxError) + " of the true time") + ".";
    }
    return "The server's clock is not synchronized" + (maxError === null || maxError === undefined ? "" : ": it may be off by up to " + duration(maxError)) + ".";
  }

  exports.transitionWords = transitionWords;
  exports.serverClockWords = serverClockWords;
  exports.two = two;
})(typeof module === "object" && module.exports ? module.exports : (window.timesvcPhrases = {}));
