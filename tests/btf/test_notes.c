/* test_notes.c: reading a GNU build id out of ELF notes (btf_identity.c),
 * on notes written by hand: u32 namesz, descsz, type, then the name and
 * the desc, each padded to 4 bytes.  No kernel needed.
 */
#include <elf.h>
#include <errno.h>
#include <sys/utsname.h>

#include "harness.h"
#include "internal.h"
#include "btf.h"

static uint8_t notes[256];
static size_t notes_len;

/* Append one note; namesz/descsz as given, the bytes as long as given. */
static void note(uint32_t namesz, uint32_t descsz, uint32_t type,
		 const char *name, const uint8_t *desc, size_t desc_len)
{
	uint32_t w[3] = { namesz, descsz, type };

	memcpy(notes + notes_len, w, sizeof(w));
	notes_len += sizeof(w);
	memcpy(notes + notes_len, name, strlen(name) + 1);
	notes_len += (strlen(name) + 1 + 3) / 4 * 4;
	memcpy(notes + notes_len, desc, desc_len);
	notes_len += (desc_len + 3) / 4 * 4;
}

static const uint8_t sha[20] = { 0xde, 0xad, 0xbe, 0xef, [19] = 0x42 };

TEST(build_id_after_another_note)
{
	struct mb_build_id id;
	char hex[130];

	notes_len = 0;
	note(6, 4, 1, "Linux", (const uint8_t *)"\1\2\3\4", 4);
	note(4, 20, NT_GNU_BUILD_ID, "GNU", sha, 20);
	CHECK_EQ(mb_notes_build_id(notes, notes_len, &id), 0);
	CHECK_EQ(id.len, 20);
	mb_build_id_str(&id, hex, sizeof(hex));
	CHECK_STR(hex, "deadbeef000000000000000000000000000000" "42");
}

TEST(no_gnu_note_is_enoent)
{
	struct mb_build_id id;

	notes_len = 0;
	note(6, 20, NT_GNU_BUILD_ID, "Linux", sha, 20);	/* not "GNU" */
	CHECK_EQ(mb_notes_build_id(notes, notes_len, &id), -ENOENT);
	CHECK_EQ(mb_notes_build_id(notes, 0, &id), -ENOENT);
}

TEST(truncated_or_oversized_notes_are_einval)
{
	struct mb_build_id id;

	notes_len = 0;
	note(4, 20, NT_GNU_BUILD_ID, "GNU", sha, 20);
	CHECK_EQ(mb_notes_build_id(notes, notes_len - 4, &id), -EINVAL);
	notes_len = 0;
	note(0xfffffff0, 20, NT_GNU_BUILD_ID, "GNU", sha, 20);
	CHECK_EQ(mb_notes_build_id(notes, notes_len, &id), -EINVAL);
	notes_len = 0;
	note(4, 0xfffffffc, NT_GNU_BUILD_ID, "GNU", sha, 20);
	CHECK_EQ(mb_notes_build_id(notes, notes_len, &id), -EINVAL);
	notes_len = 0;
	note(4, 0, NT_GNU_BUILD_ID, "GNU", sha, 0);	/* an empty id */
	CHECK_EQ(mb_notes_build_id(notes, notes_len, &id), -EINVAL);
}

TEST(word_size_of_an_x86_64_kernel)
{
	struct utsname u;

	CHECK_EQ(uname(&u), 0);
	if (strcmp(u.machine, "x86_64"))
		SKIP("the kernel is %s", u.machine);
	CHECK_EQ(mb_kernel_word_size(), 8);
}
