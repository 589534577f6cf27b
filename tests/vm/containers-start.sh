# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-rootfs: containers
# runc and crun from Debian's arm64 packages, with the libraries they load,
# start in the test VM (harness/containers.sh): the first thing to look at
# when containers-runc.sh or containers-crun.sh, which run containers with
# an OCI intelRdt section, fail.
. /usr/share/mpam-selftests/lib.sh
v=$(runc --version 2>&1 | head -1)
echo "# $v"
case $v in "runc version "*) ok "runc starts" ;; *) not_ok "runc starts: $v" ;; esac
v=$(crun --version 2>&1 | head -1)
echo "# $v"
case $v in "crun version "*) ok "crun starts" ;; *) not_ok "crun starts: $v" ;; esac
check "the container bundle's busybox runs" ok \
	"$(/containers/rootfs/bin/busybox echo ok 2>&1)"
done_testing
