/* nesting.h: named members found by name at any depth.  The target adds
 * members before them and wraps "in" in an anonymous union of an
 * anonymous struct, which matching must walk through. */
#ifdef TARGET
struct nest_inner { long pad; int x; int y; };	/* x@8 y@12, 16 bytes */
struct core_nest {
	int pad[3];				/* @0 */
	union {					/* @16 */
		struct {
			char c;			/* @16 */
			struct nest_inner in;	/* @24 */
		};
		long l;
	};
	struct nest_inner out;			/* @40 */
};
#else
struct nest_inner { int x; int y; } __core;
struct core_nest { struct nest_inner in; struct nest_inner out; } __core;
#endif
