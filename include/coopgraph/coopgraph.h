/* coopgraph's public API in one include, and the process-wide cleanup. */
#ifndef COOPGRAPH_COOPGRAPH_H
#define COOPGRAPH_COOPGRAPH_H

#include "coopgraph/alloc.h"
#include "coopgraph/diag.h"
#include "coopgraph/graph.h"
#include "coopgraph/gsp.h"
#include "coopgraph/model.h"
#include "coopgraph/outfile.h"
#include "coopgraph/rdf.h"
#include "coopgraph/reader.h"

/* Releases the libraries' global state (parser, schema, code tables); call once before exit. */
void coop_global_cleanup(void);

#endif
