// Answers a batch of Temporal questions with the TC39 polyfill, for tests/temporal/polyfill.py.
// stdin: {"cases": [{op, ...}, ...]}; stdout: {"versions": {...}, "answers": [...]}, one answer per case, in order.
// Instants travel as decimal strings of epoch nanoseconds (they exceed JSON's exact integers).
import { Temporal } from '@js-temporal/polyfill';

const FIELDS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds', 'microseconds', 'nanoseconds'];

function zoned(ns, zone) {
  return new Temporal.ZonedDateTime(BigInt(ns), zone);
}

function durationAnswer(duration) {
  // `+ 0` turns the -0 of a negated zero field into 0.
  return { fields: FIELDS.map((unit) => duration[unit] + 0), iso: duration.toString() };
}

const OPERATIONS = {
  add: (c) => zoned(c.ns, c.zone).add(c.duration, { overflow: c.overflow }),
  subtract: (c) => zoned(c.ns, c.zone).subtract(c.duration, { overflow: c.overflow }),
  until: (c) => durationAnswer(zoned(c.start, c.zone).until(zoned(c.end, c.zone), { largestUnit: c.largest_unit })),
  duration: (c) => durationAnswer(Temporal.Duration.from(c.text)),
  offsets: (c) => ({ offsets: c.instants.map((ns) => zoned(ns, c.zone).offsetNanoseconds / 1e9) }),
};

function answer(c) {
  try {
    const result = OPERATIONS[c.op](c);
    if (result instanceof Temporal.ZonedDateTime) {
      return { ns: result.epochNanoseconds.toString(), year: result.year };
    }
    return result;
  } catch (error) {
    // RangeError is Temporal's answer for input it refuses; anything else is a driver fault and stops the batch.
    if (error instanceof RangeError) return { error: error.message };
    throw error;
  }
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { cases } = JSON.parse(input);
const versions = { node: process.versions.node, icu: process.versions.icu, tz: process.versions.tz };
process.stdout.write(JSON.stringify({ versions, answers: cases.map(answer) }));
