/* flavors.h: two local layouts of one target type, told apart by a
 * "___flavour" suffix; candidates are found by the name before it. */
#ifdef TARGET
struct core_flv { int c; int b; int a; };	/* a@8 b@4 c@0 */
#else
struct core_flv___v1 { int a; int b; int old; } __core;	/* "old" is gone */
struct core_flv___v2 { int a; int b; int c; } __core;
#endif
