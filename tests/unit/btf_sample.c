/* btf_sample.c: a small BPF object with most BTF kinds, built twice by
 * rules.mk (clang -target bpfel and -target bpfeb) so that test_btf can
 * check that both byte orders parse to the same types, and .BTF.ext with
 * func_info, line_info and CO-RE records.  Needs no headers.
 */
#define SEC(name) __attribute__((section(name), used))
#define __tag(x) __attribute__((btf_decl_tag(x)))
#define __user __attribute__((btf_type_tag("user")))

typedef unsigned long long u64;
typedef const volatile int cv_int;

enum color { RED, GREEN = 5, BLUE = -1 };

struct flags {
	unsigned int a : 3;
	unsigned int b : 7;
	int c : 22;
	u64 wide;
};

union either {
	int i;
	float f;
	char bytes[12];
};

struct sample {
	int x;
	cv_int y;
	struct flags fl;
	union either e;
	int grid[3][4];
	char *__user name;
	enum color col;
	int (*fn)(int, char);
	double d __tag("payload");
	char tail[];
};

struct sample___v2 {
	int x;
	long y;
};

struct sample_core {
	int x;
	int y;
} __attribute__((preserve_access_index));

int counter;
const volatile unsigned int limit = 7;
struct sample one_sample;
struct sample___v2 flavoured;

static __attribute__((noinline)) int helper(struct sample_core *s, int k)
{
	return s->y + k;
}

SEC("socket")
int prog(struct sample_core *ctx)
{
	counter += limit;
	return helper(ctx, ctx->x) + one_sample.x + flavoured.x;
}

char _license[] SEC("license") = "GPL";
