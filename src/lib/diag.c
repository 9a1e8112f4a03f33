#include "coopgraph/diag.h"

#include <stdarg.h>
#include <stdio.h>

const char *coop_result_name(coop_result result)
{
	switch (result) {
	case COOP_OK: return "ok";
	case COOP_ERR_INPUT: return "input rejected";
	case COOP_ERR_USAGE: return "usage error";
	case COOP_ERR_IO: return "I/O or system error";
	case COOP_ERR_INTERNAL: return "internal error";
	}
	return "unknown";
}

int coop_diag_full(const coop_diag_sink *sink)
{
	return sink->max_errors && sink->errors >= sink->max_errors;
}

void coop_diag(coop_diag_sink *sink, coop_severity severity, const coop_loc *loc, const char *fmt, ...)
{
	if (severity == COOP_SEV_WARNING && sink->strict)
		severity = COOP_SEV_ERROR;
	if (severity == COOP_SEV_WARNING) {
		sink->warnings++;
		if (sink->no_warnings)
			return;
	} else if (severity == COOP_SEV_ERROR) {
		sink->errors++;
		if (sink->max_errors && sink->errors > sink->max_errors) {
			sink->suppressed++;
			return;
		}
	}
	if (!sink->emit)
		return;
	char message[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	sink->emit(sink->payload, severity, loc, message);
}
