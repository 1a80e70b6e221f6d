/* Stands in for newlib's libc/time/local.h and the newlib headers it pulls in, so that newlib's own
   tzset_r.c, tzcalc_limits.c and lcltime_r.c (from Debian's newlib-source) build against glibc.
   Every newlib global gets an nl_ name: nothing here touches glibc's own TZ state. */
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

#define SECSPERMIN 60L
#define MINSPERHOUR 60L
#define HOURSPERDAY 24L
#define SECSPERHOUR (SECSPERMIN * MINSPERHOUR)
#define SECSPERDAY (SECSPERHOUR * HOURSPERDAY)
#define DAYSPERWEEK 7
#define MONSPERYEAR 12
#define YEAR_BASE 1900
#define EPOCH_YEAR 1970
#define EPOCH_WDAY 4
#define EPOCH_YEARS_SINCE_LEAP 2
#define EPOCH_YEARS_SINCE_CENTURY 70
#define EPOCH_YEARS_SINCE_LEAP_CENTURY 370
#define isleap(y) ((((y) % 4) == 0 && ((y) % 100) != 0) || ((y) % 400) == 0)

typedef struct __tzrule_struct { char ch; int m; int n; int d; int s; time_t change; long offset; } __tzrule_type;
typedef struct __tzinfo_struct { int __tznorth; int __tzyear; __tzrule_type __tzrule[2]; } __tzinfo_type;

struct _reent;
#define _timezone nl_timezone
#define _daylight nl_daylight
#define _tzname nl_tzname
#define localtime_r nl_localtime_r
#define siscanf sscanf
#define TZ_LOCK
#define TZ_UNLOCK
extern long nl_timezone;
extern int nl_daylight;
extern char *nl_tzname[2];
extern const int __month_lengths[2][MONSPERYEAR];
__tzinfo_type *__gettzinfo(void);
char *_getenv_r(struct _reent *, const char *);
#define _malloc_r(reent, size) malloc(size)
int __tzcalc_limits(int year);
void _tzset_unlocked_r(struct _reent *);
#define _tzset_unlocked() _tzset_unlocked_r(NULL)
