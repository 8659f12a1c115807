#!/bin/busybox sh
# init.sh: /init of the test VMs' initramfs (see mkinitramfs.sh).
#
# Mounts what a BPF loader needs (proc, sysfs, tracefs, debugfs, bpffs),
# then runs each command of /work/tests.list in /work, one by one, and
# passes their output through: the harness lines (ok/FAIL/skip NAME) are
# what boot.sh counts.  A command that exits non-zero without printing a
# FAIL line gets one.  The last line is the end marker; without it boot.sh
# reports the VM as failed.  Then the VM powers off.
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /dev /proc /sys /tmp
/bin/busybox --install -s
mount -t devtmpfs dev /dev
# The initramfs has no /dev/console node of its own: take it from devtmpfs.
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
mount -t bpf bpf /sys/fs/bpf
mount -t tmpfs tmp /tmp
echo 1 >/proc/sys/kernel/printk_ratelimit 2>/dev/null
ifconfig lo 127.0.0.1 up 2>/dev/null

echo "MINIBPF-VM-BEGIN $(uname -r) cpus=$(nproc)"
cd /work
while read -r cmd; do
	case $cmd in '' | '#'*) continue ;; esac
	echo "== $cmd"
	sh -c "$cmd" >/tmp/out 2>&1
	rc=$?
	cat /tmp/out
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL ' /tmp/out; then
		set -- $cmd
		echo "FAIL ${1##*/}: exited $rc"
	fi
done </work/tests.list
echo "MINIBPF-VM-END"
sync
poweroff -f
