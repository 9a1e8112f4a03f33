/* The allocation policy is public (the CLI shares it): see coopgraph/alloc.h. */
#include "coopgraph/alloc.h"
