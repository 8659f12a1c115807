/* errors.h: relocations that must fail.  Each program reads one field;
 * the test relocates the whole object and checks each outcome. */
#ifdef TARGET
struct core_amb { int x; };
struct core_amb___dup { long pad; int x; };	/* x at 8, not 0: ambiguous */
struct core_oob { int a[2]; };			/* a[3] is out of bounds */
struct core_incompat { struct { int y; } x; };	/* a struct, not an int */
struct core_pmd { int a; };			/* only a */
struct core_pmd___2 { int b; };			/* only b */
struct core_dup { int pad; int x; };
struct core_dup___2 { int pad; int x; long more; }; /* same x: fine */
struct core_big { char c; unsigned long long big:61; } __attribute__((packed));
						/* bits 8..68: no 8-byte load holds it */
#else
struct core_amb { int x; } __core;
struct core_oob { int a[4]; } __core;
struct core_incompat { int x; } __core;
struct core_pmd { int a; int b; } __core;
struct core_dup { int x; } __core;
struct core_big { unsigned long long big:61; } __core;
#endif
