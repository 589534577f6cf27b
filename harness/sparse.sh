#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# sparse for the kernel's C= checks.  Debian's sparse 0.6.4 predates
# __typeof_unqual__, which scripts/checker-valid.sh probes for; the kernel
# itself only uses it with gcc >= 14 (we build with gcc 12), so mapping it to
# __typeof__ changes nothing sparse sees in our build and lets C= run.
exec sparse '-D__typeof_unqual__(x)=__typeof__(x)' "$@"
