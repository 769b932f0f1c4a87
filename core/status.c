/* core/status.c — error values. */
#include "core/status.h"

#include <stdarg.h>
#include <stdio.h>

core_status core_err_set(core_err *err, core_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

void core_err_clear(core_err *err)
{
    if (err) {
        err->status = CORE_OK;
        err->msg[0] = '\0';
    }
}

int core_status_exit_code(core_status status)
{
    switch (status) {
    case CORE_OK:         return 0;
    case CORE_EUSAGE:     return 64;
    case CORE_EDATA:
    case CORE_ECONFLICT:
    case CORE_ENOTFOUND:
    case CORE_ENOTVIGIL:
    case CORE_ENEWER:
    case CORE_ECORRUPT:   return 65;
    case CORE_ENOINPUT:   return 66;
    case CORE_ECANTCREAT:
    case CORE_EREADONLY:  return 73;
    case CORE_EIO:        return 74;
    case CORE_EBUSY:      return 75;
    case CORE_ENOMEM:
    case CORE_EINTERNAL:  return 70;
    }
    return 70;
}
