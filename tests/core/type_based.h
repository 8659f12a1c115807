/* type_based.h: type existence, size and ids.  Bodies are not compared
 * for existence (tb_struct exists though its members differ); kinds are
 * (tb_kind is a union in the target: it does not exist). */
#ifdef TARGET
struct tb_struct { long a; long b; };		/* 16 bytes */
union tb_union { int a; char c[12]; };		/* 12 bytes */
typedef int tb_int_t;
typedef struct tb_struct *tb_ptr_t;
union tb_kind { int x; };
enum tb_enum { TB_A = 1, TB_B = 2 };
#else
struct tb_struct { int a; };
union tb_union { int a; };
typedef unsigned int tb_int_t;			/* sign differs: still exists */
typedef struct tb_struct *tb_ptr_t;
struct tb_kind { int x; };			/* a union in the target */
struct tb_missing { int x; };
typedef long tb_missing_t;
enum tb_enum { TB_A };
#endif
