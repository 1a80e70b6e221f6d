// Zone names as ICU writes them (Node's Intl.DateTimeFormat): another implementation of CLDR's rules,
// for tests/domain/test_localized.py to compare timesvc's names with.
exports.zoneName = (zone, locale, epochMs, style) =>
  new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style })
    .formatToParts(new Date(epochMs))
    .find((part) => part.type === "timeZoneName").value;
