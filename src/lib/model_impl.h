/*
 * The inside of coop_model, for the modules that fill and check it (the reader and model.c).
 * Writers use only the public accessors in include/coopgraph/model.h.
 */
#ifndef COOP_MODEL_IMPL_H
#define COOP_MODEL_IMPL_H

#include "arena.h"
#include "buf.h"
#include "coopgraph/model.h"

/*
 * One slot of an open-addressing table: the full hash, so that nearly every probe that does not
 * match ends here, and the number of the entry it holds. Eight bytes, not a pointer and the fields
 * of the entry: at a million IDs the table is 16 MB and mostly stays in the last-level cache, where
 * 24-byte slots (48 MB) cost a cache miss on every lookup of an ID not defined yet.
 */
typedef struct {
	uint32_t hash;
	uint32_t entry; /* entry number + 1; 0: empty slot */
} coop_hash_slot;

/* An ID of the index, in the order of definition. */
typedef struct {
	const char *id;
	coop_index index;
	uint8_t type; /* coop_entity_type */
} coop_id_entry;

/* A second definition of an ID, kept until coop_model_link() reports it with both places. */
typedef struct {
	const char *id;
	coop_entity_type type;
	coop_index index;
	coop_entity_type first_type;
	coop_index first_index;
} coop_duplicate;

/* References from streamed entities to IDs not seen yet, checked when the dataset is complete. A
 * dataset whose agreements come before the institutions they name would otherwise hold one entry per
 * reference (millions); these are kept once per (ID, expected type), with the first place and a count.
 * The records lie one after the other in one buffer, each followed by its ID, so that the probe that
 * finds one (five times per agreement in such a dataset) reads a single place. */
typedef struct {
	uint32_t count;     /* references to it */
	uint8_t want;       /* coop_entity_type */
	const char *what;
	coop_loc loc;       /* the first reference */
	char id[];
} coop_pending;

/* The number of distinct short strings (language tags, codes, file names) the model keeps once. */
#define COOP_INTERN_MAX 512

#define COOP_VEC(T) struct { T *items; size_t count, cap; }

/* Where each of a million streamed entities was: 8 bytes each, the file kept once per run of entities
 * from the same file (they are streamed file after file), not in each of them as a coop_loc. */
typedef struct {
	uint32_t line, col;
} coop_line_col;

typedef struct {
	size_t first; /* the ordinal of the first entity from file */
	const char *file;
} coop_file_run;

typedef struct {
	COOP_VEC(coop_line_col) at;
	COOP_VEC(coop_file_run) files;
} coop_streamed_locs;

struct coop_model {
	coop_arena arena;
	COOP_VEC(coop_institution) institutions;
	COOP_VEC(coop_person) persons;
	COOP_VEC(coop_agreement) agreements;
	COOP_VEC(coop_programme) programmes;
	COOP_VEC(coop_source) sources;
	COOP_VEC(coop_duplicate) duplicates;
	/* streaming: agreements checked and handed on as they are read, then dropped */
	coop_streamed_locs streamed_locs;   /* where each streamed agreement was, for duplicate reports */
	coop_streamed_locs streamed_source_locs;
	coop_buf pending;          /* the records; a slot's entry is (offset / 8) + 1 */
	size_t pending_count;
	coop_hash_slot *pending_slots;
	size_t pending_slot_count; /* a power of two, or 0 */
	COOP_VEC(coop_id_entry) ids;
	coop_hash_slot *id_slots;
	size_t id_slot_count; /* a power of two, or 0 */
	/* short strings that repeat on every entity (language tags, file names) are stored once */
	const char *interned[COOP_INTERN_MAX];
	uint16_t intern_slots[2 * COOP_INTERN_MAX]; /* open addressing: index into interned + 1 */
	size_t intern_count;
};

coop_arena *coop_model_arena(coop_model *model);
/* Returns a model-owned copy of a short, often repeated string; NULL stays NULL. */
const char *coop_model_intern(coop_model *model, const char *s);
/* Copies the entity into the model; its strings must already be model-owned. Records duplicates. */
void coop_model_add_institution(coop_model *model, const coop_institution *inst);
void coop_model_add_person(coop_model *model, const coop_person *person);
void coop_model_add_agreement(coop_model *model, const coop_agreement *agreement);
void coop_model_add_programme(coop_model *model, const coop_programme *programme);
void coop_model_add_source(coop_model *model, const coop_source *source);
size_t coop_model_entity_count(const coop_model *model);
/*
 * Streaming: checks one agreement as far as the entities read so far allow (references to IDs not
 * yet seen are deferred to coop_model_link), records its ID and location, and does not keep it.
 * The agreement and its strings may live in the caller's scratch memory. Returns the number of
 * errors reported.
 */
size_t coop_model_stream_agreement(coop_model *model, const coop_agreement *agreement, coop_diag_sink *diag);
/* The same for a source. */
size_t coop_model_stream_source(coop_model *model, const coop_source *source, coop_diag_sink *diag);
/* The location where an entity was defined. */
coop_loc coop_model_entity_loc(const coop_model *model, coop_entity_type type, coop_index i);

#endif
