#!/bin/sh
# toc.sh: one table of contents (STYLE.md rule 17).  loader/internal.h
# lists the loader file by file, each section headed by one line
#	/* ---- FILE.c: what it does ------------------------------- */
# in reading order.  Checked here, so that nothing else can drift:
# each heading has that form and names a file of loader/; each
# loader/*.c has exactly one heading; README.md's "Reading order" names
# the same files in the same order (several may share a numbered line);
# and no loader file keeps an "Interface:" list of its own in its top
# comment.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 1
H=loader/internal.h
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# none NAME LIST: passes if LIST (one fault a line) is empty.
none() {
	if [ -z "$2" ]; then ok "$1"; else fail "$1" "
$2"; fi
}

# Heading lines as "LINE:TEXT"; the files they name, in order.
grep -n '^/\* ---- ' "$H" >"$T/headings"
bad=$(grep -vE '^[0-9]+:/\* ---- [a-z0-9_]+\.c: .*[^ -].* -*\*/$' \
	"$T/headings" | sed "s|^|$H:|")
none toc_headings_have_the_form_file_c_what_it_does "$bad"
sed -nE 's|^[0-9]+:/\* ---- ([^ :]+)[ :].*|\1|p' "$T/headings" >"$T/toc"

missing=$(while read -r f; do
	[ -f "loader/$f" ] || echo "$H names $f, which loader/ does not have"
done <"$T/toc")
none toc_headings_name_existing_files "$missing"

counts=$(for p in loader/*.c; do
	n=$(grep -Fcx "${p#loader/}" "$T/toc")
	[ "$n" -eq 1 ] || echo "$p has $n headings in $H (wants 1)"
done)
none toc_has_one_heading_per_loader_file "$counts"

# README's reading order: the loader files it names in backquotes,
# first mention first; a pattern (attach_*.c) cannot be checked.
sed -n '/^## Reading order/,/^## /p' README.md |
	grep -oE '`(loader/)?[A-Za-z0-9_*]+\.c`' | tr -d '`' |
	sed 's|^loader/||' | awk '!seen[$0]++' >"$T/readme"
globs=$(grep '\*' "$T/readme" | sed 's|.*|README.md names `&`: name each file|')
none readme_names_files_not_patterns "$globs"
order=$(diff -u --label "$H (headings)" --label "README.md (Reading order)" \
	"$T/toc" "$T/readme")
none readme_reading_order_is_the_toc_order "$order"

# "Interface:" inside the comment that opens a file.
iface=$(for p in loader/*.c; do
	awk -v p="$p" 'NR == 1 && !/^\/\*/ { exit }
		/Interface:/ { print p ":" NR ": " $0 }
		/\*\// { exit }' "$p"
done)
none no_interface_line_in_top_comments "$iface"
t_exit
