/* The test's entry points into newlib's tzset and localtime_r (built by tests/support/newlib_c.py). */
#include <string.h>
#include "local.h"

long nl_timezone;
int nl_daylight;
char *nl_tzname[2] = {"GMT", "GMT"};
static __tzinfo_type tzinfo;
static const char *tz_value;

__tzinfo_type *__gettzinfo(void) { return &tzinfo; }
char *_getenv_r(struct _reent *reent, const char *name) { (void)reent; (void)name; return (char *)tz_value; }

/* A fresh device: TZ unset first (which also forgets tzset's copy of the last TZ), then `tz`. */
void nl_set(const char *tz) {
  static const __tzinfo_type fresh = {1, 0, {{'J', 0, 0, 0, 0, 0, 0}, {'J', 0, 0, 0, 0, 0, 0}}};
  tzinfo = fresh;
  tz_value = NULL;
  _tzset_unlocked_r(NULL);
  tz_value = tz;
  _tzset_unlocked_r(NULL);
}

/* The UTC offset localtime_r shows at `t`, and the name strftime's %Z would (tzname[tm_isdst]). */
long nl_local(long long t, char *name, size_t size) {
  time_t when = (time_t)t;
  struct tm tm;
  nl_localtime_r(&when, &tm);
  strncpy(name, tm.tm_isdst > 0 ? nl_tzname[1] : nl_tzname[0], size - 1);
  name[size - 1] = '\0';
  return (long)(timegm(&tm) - when);
}
