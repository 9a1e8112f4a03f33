/*
 * Deep copies of a streamed agreement or source, so that another thread can use it after the
 * reader's callback has returned (the reader reuses the memory of each record at once).
 *
 * Every string is copied, including file names and language tags that point into the model, so
 * that a copy stays valid even after coop_load() has failed and freed the model. The copies hold
 * what the model holds; resolution results (coop_ref.type and .index) are kept as they were.
 */
#ifndef COOP_MODEL_COPY_H
#define COOP_MODEL_COPY_H

#include "arena.h"
#include "coopgraph/model.h"

typedef struct {
	coop_arena *arena;
	/* the file name of the last location copied: records of one file share one copy */
	const char *file_from;
	const char *file_copy;
} coop_copier;

/* A copier that allocates in arena; call again after the arena is reset. */
void coop_copier_init(coop_copier *copier, coop_arena *arena);

coop_agreement *coop_agreement_copy(coop_copier *copier, const coop_agreement *from);
coop_source *coop_source_copy(coop_copier *copier, const coop_source *from);

#endif
