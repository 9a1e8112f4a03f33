#include "coopgraph/coopgraph.h"
#include "iso3166.h"

void coop_global_cleanup(void)
{
	coop_reader_cleanup();
	coop_iso3166_cleanup();
}
